import { ApiError, type Article, api } from '../api.js';
import { fail, field, h, say, show, when } from '../dom.js';
import { report } from '../report.js';
import { deleteWithConfirmation, openPreview } from './desk.js';
import { type ArticleForm, articleForm } from './form.js';

function done(article: Article, verb: string): void {
  const time = Date.parse(article.publishedAt) > Date.now() ? `, going out ${when(article.publishedAt)}` : '';
  location.hash = '#/';
  say(`${verb} “${article.title}”${time}.`);
}

function verbOf(form: ArticleForm): string {
  const choice = form.when();
  return choice === 'draft' ? 'Saved the draft' : choice === 'at' ? 'Saved' : 'Published';
}

async function create(form: ArticleForm): Promise<void> {
  const created = await api<Article>('POST', '/api/articles', { json: form.input({ editing: null }) });
  done(created.body, verbOf(form));
}

/** The form for a new article: submitting it creates the article. */
function newArticleForm(): ArticleForm {
  const form = articleForm({ editing: false });
  form.element.addEventListener('submit', (event) => {
    event.preventDefault();
    fail(null);
    void create(form).catch(report);
  });
  return form;
}

/** Writing a new article. */
export function writeView(): void {
  const form = newArticleForm();
  show(h('h1', {}, 'Write an article'), form.element);
}

/** Reading a file dropped or chosen, as text. */
function readFile(file: File, into: HTMLTextAreaElement, kind: { html: boolean }): void {
  void file.text().then((text) => {
    into.value = text;
    kind.html = /\.html?$/i.test(file.name) || /^\s*</.test(text);
  });
}

/** Pasting a page: the server extracts it (a dry run), the editor fixes what it got wrong, then publishes. */
export function pasteView(): void {
  const page = h('textarea', { rows: 10, required: true });
  const kind = { html: false };
  page.addEventListener('input', () => {
    kind.html = /^\s*</.test(page.value);
  });
  const chooser = h('input', { type: 'file', accept: '.html,.htm,.txt,text/html,text/plain' });
  chooser.addEventListener('change', () => {
    const file = chooser.files?.[0];
    if (file !== undefined) readFile(file, page, kind);
  });
  const drop = h('div', { class: 'drop' }, 'Or drop a .html or .txt file here. ', chooser);
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    const file = event.dataTransfer?.files[0];
    if (file !== undefined) readFile(file, page, kind);
  });
  const extract = h('button', { type: 'submit' }, 'Extract the article');
  const original = h('pre', { class: 'original', 'aria-label': 'The page as pasted' });
  const result = h('div', { hidden: true });
  const form = newArticleForm();
  const pasted = h(
    'form',
    { class: 'stack' },
    field(
      'page',
      'The copied page (text or HTML)',
      page,
      'Select all on the article’s page, copy, and paste here; or paste its HTML.',
    ),
    drop,
    h('div', {}, extract),
  );
  pasted.addEventListener('submit', (event) => {
    event.preventDefault();
    fail(null);
    void (async () => {
      const extracted = await api<Article & { source?: unknown }>('POST', '/api/articles?dryRun=true', {
        text: page.value,
        contentType: kind.html ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
      });
      form.fill(extracted.body, 'contentHtml');
      form.extras =
        extracted.body.source === null || extracted.body.source === undefined
          ? {}
          : { source: extracted.body.source };
      original.textContent = page.value;
      result.hidden = false;
      say(`Extracted “${extracted.body.title}”. Check the fields, then publish.`);
      result.querySelector('h2')?.focus();
    })().catch(report);
  });
  result.append(
    h('h2', { tabindex: -1 }, 'The article as extracted'),
    h('div', { class: 'split' }, h('div', {}, form.element), h('div', {}, h('h3', {}, 'Original'), original)),
  );
  show(h('h1', {}, 'Paste a page'), pasted, result);
}

/** Editing: loads with its ETag and saves with If-Match; when someone saved first, says so and offers both ways on. */
export async function editView(id: string): Promise<void> {
  const loaded = await api<Article>('GET', `/api/articles/${encodeURIComponent(id)}`);
  let current = loaded.body;
  let etag = loaded.etag ?? `"${current.version}"`;
  const form = articleForm({ editing: true, submitLabel: 'Save' });
  form.fill(current, 'contentHtml');
  const conflict = h('div', { class: 'conflict', hidden: true, role: 'alert' });
  const save = async (ifMatch: string) => {
    const saved = await api<Article>('PUT', `/api/articles/${encodeURIComponent(id)}`, {
      json: { ...form.input({ editing: current }), minorEdit: form.minorEdit() },
      headers: { 'if-match': ifMatch },
    });
    current = saved.body;
    etag = saved.etag ?? etag;
    done(saved.body, 'Saved');
  };
  const onConflict = async () => {
    const theirs = await api<Article>('GET', `/api/articles/${encodeURIComponent(id)}`);
    const reload = h('button', { type: 'button', class: 'quiet' }, 'Load their version (your changes go)');
    const overwrite = h('button', { type: 'button', class: 'danger' }, 'Save mine over theirs');
    reload.addEventListener('click', () => void editView(id).catch(report));
    overwrite.addEventListener(
      'click',
      () => void save(theirs.etag ?? `"${theirs.body.version}"`).catch(report),
    );
    conflict.replaceChildren(
      h(
        'p',
        {},
        `Someone else saved “${theirs.body.title}” after you opened it (it is now at version ${theirs.body.version}, edited ${when(theirs.body.updatedAt)}). Nothing of yours was saved yet.`,
      ),
      h('div', { class: 'row' }, reload, overwrite),
    );
    conflict.hidden = false;
    reload.focus();
  };
  form.element.addEventListener('submit', (event) => {
    event.preventDefault();
    fail(null);
    conflict.hidden = true;
    void save(etag).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 412) void onConflict().catch(report);
      else report(error);
    });
  });
  const actions = h(
    'p',
    { class: 'row' },
    h(
      'button',
      { type: 'button', class: 'quiet', onclick: () => void openPreview(current).catch(report) },
      'Preview',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'danger',
        onclick: () =>
          void deleteWithConfirmation(current).then((deleted) => {
            if (deleted) location.hash = '#/';
          }, report),
      },
      'Delete',
    ),
  );
  show(
    h('h1', {}, `Edit “${current.title}”`),
    h(
      'p',
      { class: 'meta' },
      `${current.status}, version ${current.version}, edited ${when(current.updatedAt)}`,
    ),
    actions,
    conflict,
    form.element,
  );
}
