import { type Article, api, type Page } from '../api.js';
import { confirmIn, h, preview, say, show, when } from '../dom.js';
import { report } from '../report.js';

type Listing = Omit<Article, 'contentHtml'>;

/** The reader's page of an article (drafts and scheduled ones too), fetched with the key, in a sandboxed frame. */
export async function openPreview(article: { id: string; title: string }): Promise<void> {
  const page = await api<string>('GET', `/api/articles/${encodeURIComponent(article.id)}/preview`);
  const close = h('button', { type: 'button', class: 'quiet' }, 'Close preview');
  const dialog = h(
    'dialog',
    { class: 'wide', 'aria-label': `Preview of ${article.title}` },
    h('div', { class: 'row' }, close),
    preview(`Preview of ${article.title}`, page.body),
  );
  close.addEventListener('click', () => {
    dialog.close();
    dialog.remove();
  });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}

/** Deletes after a confirmation naming the article. Resolves to whether it was deleted. */
export async function deleteWithConfirmation(article: { id: string; title: string }): Promise<boolean> {
  const sure = await confirmIn(
    `Delete “${article.title}”?`,
    'It leaves every feed and page. This cannot be undone.',
    'Delete',
  );
  if (!sure) return false;
  await api('DELETE', `/api/articles/${encodeURIComponent(article.id)}`);
  say(`Deleted “${article.title}”.`);
  return true;
}

function row(article: Listing, label: string, time: string, refresh: () => void): HTMLLIElement {
  const edit = h('a', { class: 'title', href: `#/edit/${encodeURIComponent(article.id)}` }, article.title);
  return h(
    'li',
    {},
    h(
      'span',
      {},
      edit,
      ' ',
      h('span', { class: 'badge' }, label),
      h('br'),
      h('span', { class: 'meta' }, time),
    ),
    h(
      'span',
      { class: 'row' },
      h(
        'button',
        {
          type: 'button',
          class: 'quiet',
          'aria-label': `Preview ${article.title}`,
          onclick: () => void openPreview(article).catch(report),
        },
        'Preview',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'quiet',
          'aria-label': `Delete ${article.title}`,
          onclick: () => void deleteWithConfirmation(article).then((done) => done && refresh(), report),
        },
        'Delete',
      ),
    ),
  );
}

/** One paged list: its first page, and a button for each next one. */
function section(
  title: string,
  id: string,
  path: (cursor: string | null) => string,
  describe: (a: Listing) => { label: string; time: string },
  empty: string,
  refresh: () => void,
): HTMLElement {
  const list = h('ul', { class: 'list', 'aria-labelledby': id });
  const more = h('button', { type: 'button', class: 'quiet', hidden: true }, `More ${title.toLowerCase()}`);
  const status = h('p', { class: 'meta' }, 'Loading…');
  let cursor: string | null = null;
  const load = async () => {
    const page = await api<Page<Listing>>('GET', path(cursor));
    for (const article of page.body.items) {
      const { label, time } = describe(article);
      list.append(row(article, label, time, refresh));
    }
    cursor = page.body.nextCursor;
    more.hidden = cursor === null;
    status.textContent = list.children.length === 0 ? empty : '';
  };
  more.addEventListener('click', () => void load().catch(report));
  void load().catch(report);
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), status, list, more);
}

export function deskView(): void {
  const refresh = () => deskView();
  const now = Date.now();
  show(
    h('h1', {}, 'Desk'),
    h(
      'p',
      { class: 'row' },
      h('a', { class: 'button', href: '#/write' }, 'Write an article'),
      h('a', { class: 'button', href: '#/paste' }, 'Paste a page'),
    ),
    section(
      'Drafts',
      'drafts',
      (c) => `/api/articles?status=draft&limit=20${c === null ? '' : `&cursor=${encodeURIComponent(c)}`}`,
      (a) => ({ label: 'draft', time: `edited ${when(a.updatedAt)}` }),
      'No drafts.',
      refresh,
    ),
    section(
      'Scheduled',
      'scheduled',
      (c) => `/api/articles?status=scheduled&limit=20${c === null ? '' : `&cursor=${encodeURIComponent(c)}`}`,
      (a) => ({ label: 'scheduled', time: `goes out ${when(a.publishedAt)}` }),
      'Nothing scheduled.',
      refresh,
    ),
    section(
      'Published',
      'published',
      (c) => `/api/latest?limit=20${c === null ? '' : `&cursor=${encodeURIComponent(c)}`}`,
      (a) => ({
        label: Date.parse(a.publishedAt) > now ? 'scheduled' : 'published',
        time: `published ${when(a.publishedAt)}`,
      }),
      'Nothing published yet.',
      refresh,
    ),
  );
}
