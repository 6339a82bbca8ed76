/**
 * The article form, shared by writing, pasting and editing: every field the
 * API takes, the body in Markdown, HTML or plain text with a live preview
 * rendered by the server's own dry run (the same renderer and sanitiser),
 * and when it goes out in the editor's own time zone.
 */
import { type Article, api } from '../api.js';
import { field, h, preview, ZONE } from '../dom.js';

type Format = 'contentMarkdown' | 'contentHtml' | 'contentText';
type When = 'now' | 'at' | 'draft';

const pad = (n: number) => String(n).padStart(2, '0');

/** A datetime-local value (the editor's wall clock) as RFC 3339 with the editor's offset. */
function withOffset(local: string): string {
  const date = new Date(local);
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${local.length === 16 ? `${local}:00` : local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** An instant as a datetime-local value in the editor's zone. */
function localValue(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const list = (value: string) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');

export interface ArticleForm {
  element: HTMLFormElement;
  fill(article: Partial<Article>, format: Format): void;
  /** The JSON body for the API. */
  input(options: { editing: Article | null }): Record<string, unknown>;
  when(): When;
  title(): string;
  minorEdit(): boolean;
  /** Fields the form does not show but keeps (an extracted page's source). */
  extras: Record<string, unknown>;
}

/** The site's categories (from its OPML, whose category outlines are titled "Site: Category"), to add with one choice. */
async function categorySuggestions(into: HTMLSelectElement, input: HTMLInputElement): Promise<void> {
  const response = await fetch('/feeds.opml', { cache: 'no-store' });
  if (!response.ok) return;
  const opml = new DOMParser().parseFromString(await response.text(), 'application/xml');
  // The first outline is the site's own feed, titled with the site's name.
  const prefix = `${opml.querySelector('body > outline[xmlUrl]')?.getAttribute('title') ?? ''}: `;
  const names = [...opml.querySelectorAll('body > outline > outline[xmlUrl]')]
    .map((o) => o.getAttribute('title') ?? '')
    .map((title) => (title.startsWith(prefix) ? title.slice(prefix.length) : title))
    .filter((name) => name !== '');
  for (const name of names) into.append(h('option', { value: name }, name));
  into.hidden = names.length === 0;
  into.addEventListener('change', () => {
    const name = into.value;
    const current = list(input.value);
    if (name !== '' && !current.includes(name)) input.value = [...current, name].join(', ');
    into.value = '';
  });
}

export function articleForm(options: { submitLabel?: string; editing: boolean }): ArticleForm {
  const title = h('input', { type: 'text', required: true, maxlength: 500 });
  const format = h(
    'select',
    {},
    h('option', { value: 'contentMarkdown' }, 'Markdown'),
    h('option', { value: 'contentHtml' }, 'HTML'),
    h('option', { value: 'contentText' }, 'Plain text'),
  );
  const body = h('textarea', { required: true, rows: 14 });
  const frame = preview('Preview of the body', '');
  const summary = h('textarea', { rows: 3, maxlength: 500 });
  summary.style.minHeight = '4rem';
  const categories = h('input', { type: 'text' });
  const suggestions = h(
    'select',
    { hidden: true, 'aria-label': 'Add an existing category' },
    h('option', { value: '' }, 'Add an existing category…'),
  );
  const authors = h('input', { type: 'text', autocomplete: 'off' });
  const image = h('input', { type: 'url', placeholder: 'https://' });
  const at = h('input', { type: 'datetime-local', step: 1 });
  const choice = (value: When, label: string, checked = false) => {
    const radio = h('input', { type: 'radio', name: 'when', value, id: `when-${value}`, checked });
    return h('div', { class: 'choice' }, radio, h('label', { for: `when-${value}` }, label));
  };
  const minor = h('input', { type: 'checkbox', id: 'minor-edit' });
  const submit = h('button', { type: 'submit' }, options.submitLabel ?? 'Publish');
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    field('title', 'Title', title),
    field('format', 'Body format', format),
    field('body', 'Body', body, 'Markdown: **bold**, _italic_, [links](https://…), ## headings, - lists.'),
    h('div', {}, h('p', { class: 'hint', id: 'preview-label' }, 'Preview (as readers will see it)'), frame),
    field('summary', 'Summary', summary, 'Optional; without one, the first paragraph is the summary.'),
    h(
      'div',
      {},
      field('categories', 'Categories', categories, 'Separated by commas.'),
      h('div', { class: 'row' }, suggestions),
    ),
    field('authors', 'Authors', authors, 'Names, separated by commas.'),
    field('image', 'Image URL', image),
    h(
      'fieldset',
      {},
      h('legend', {}, 'When'),
      choice(
        'now',
        options.editing
          ? 'Published now (a published article keeps its date; a draft or scheduled one goes out now)'
          : 'Publish now',
        true,
      ),
      choice('at', `Publish at a date and time (your time zone, ${ZONE}; a future time schedules it)`),
      h('div', {}, h('label', { for: 'when-at-time', class: 'hint' }, `Date and time (${ZONE})`), at),
      choice('draft', 'Save as a draft'),
    ),
    options.editing
      ? h(
          'div',
          { class: 'choice' },
          minor,
          h('label', { for: 'minor-edit' }, 'Minor edit (readers are not told it changed)'),
        )
      : null,
    h('div', { class: 'row' }, submit),
  );
  at.id = 'when-at-time';
  const selected = (): When =>
    (form.querySelector<HTMLInputElement>('input[name=when]:checked')?.value as When) ?? 'now';
  const setWhen = (value: When) => {
    const radio = form.querySelector<HTMLInputElement>(`#when-${value}`);
    if (radio !== null) radio.checked = true;
    relabel();
  };
  const relabel = () => {
    const when = selected();
    submit.textContent =
      when === 'draft'
        ? 'Save draft'
        : when === 'at' && at.value !== '' && Date.parse(at.value) > Date.now()
          ? 'Schedule'
          : (options.submitLabel ?? 'Publish');
  };
  form.addEventListener('change', relabel);
  at.addEventListener('input', () => {
    setWhen('at');
  });

  let timer: number | undefined;
  let asked = 0;
  const refreshPreview = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(async () => {
      if (body.value.trim() === '') {
        frame.srcdoc = '';
        return;
      }
      const ticket = ++asked;
      try {
        const draft = await api<Article>('POST', '/api/articles?dryRun=true', {
          json: { title: title.value.trim() || 'Untitled', [format.value]: body.value },
        });
        if (ticket === asked)
          frame.srcdoc = `<!doctype html><meta charset="utf-8"><style>body{font:16px/1.6 Georgia,serif;margin:1rem;max-width:40rem}img{max-width:100%}</style>${draft.body.contentHtml}`;
      } catch {
        // The preview waits for a body the API takes; saving says what is wrong.
      }
    }, 400);
  };
  body.addEventListener('input', refreshPreview);
  const hints: Record<Format, string> = {
    contentMarkdown: 'Markdown: **bold**, _italic_, [links](https://…), ## headings, - lists.',
    contentHtml: 'HTML: unsafe markup (scripts, event handlers) is removed when it is saved.',
    contentText: 'Plain text: a blank line starts a new paragraph.',
  };
  const rehint = () => {
    const hint = document.getElementById('body-hint');
    if (hint !== null) hint.textContent = hints[format.value as Format];
  };
  format.addEventListener('change', () => {
    rehint();
    refreshPreview();
  });
  void categorySuggestions(suggestions, categories).catch(() => {});

  const result: ArticleForm = {
    element: form,
    extras: {},
    fill(article, bodyFormat) {
      title.value = article.title ?? '';
      format.value = bodyFormat;
      rehint();
      body.value = article.contentHtml ?? '';
      summary.value = article.summary ?? '';
      categories.value = (article.categories ?? []).join(', ');
      authors.value = (article.authors ?? []).map((a) => a.name).join(', ');
      image.value = article.image ?? '';
      const past = article.publishedAt !== undefined && Date.parse(article.publishedAt) <= Date.now();
      if (article.status === 'draft') setWhen('draft');
      else if (options.editing && past) setWhen('now');
      else if (
        article.publishedAt !== undefined &&
        Math.abs(Date.parse(article.publishedAt) - Date.now()) > 5 * 60_000
      ) {
        at.value = localValue(article.publishedAt);
        setWhen('at');
      } else setWhen('now');
      refreshPreview();
    },
    input({ editing }) {
      const when = selected();
      const scheduledNow = editing !== null && Date.parse(editing.publishedAt) > Date.now();
      return {
        ...result.extras,
        title: title.value.trim(),
        [format.value]: body.value,
        ...(summary.value.trim() === '' ? {} : { summary: summary.value.trim() }),
        categories: list(categories.value),
        authors: list(authors.value).map((name) => ({ name })),
        ...(image.value.trim() === ''
          ? editing === null
            ? {}
            : { image: null }
          : { image: image.value.trim() }),
        status: when === 'draft' ? 'draft' : 'published',
        ...(when === 'at' && at.value !== ''
          ? { publishedAt: withOffset(at.value) }
          : when === 'now' && scheduledNow
            ? { publishedAt: new Date().toISOString() }
            : {}),
      };
    },
    when: selected,
    title: () => title.value.trim(),
    minorEdit: () => minor.checked,
  };
  return result;
}
