import { api, type Page } from '../api.js';
import { confirmIn, fail, field, h, say, show, when } from '../dom.js';
import { report } from '../report.js';

interface Key {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface AuditEntry {
  at: string;
  editor: string;
  action: string;
  subject: string;
  version?: number;
}

/** Editor keys: create (the key shown once, with a copy button), list, revoke. */
export async function keysView(): Promise<void> {
  const keys = await api<{ items: Key[] }>('GET', '/api/keys');
  const name = h('input', { type: 'text', required: true, maxlength: 100, autocomplete: 'off' });
  const created = h('div', { hidden: true, class: 'conflict' });
  const form = h(
    'form',
    { class: 'stack' },
    field('key-name', 'New key for', name, 'A name for whoever gets it, such as their name.'),
    h('div', {}, h('button', { type: 'submit' }, 'Create key')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    fail(null);
    void (async () => {
      const made = await api<Key & { key: string }>('POST', '/api/keys', {
        json: { name: name.value.trim() },
      });
      const value = h('input', {
        type: 'text',
        readonly: true,
        class: 'key',
        value: made.body.key,
        'aria-label': `The new key for ${made.body.name}`,
      });
      const copy = h('button', { type: 'button' }, 'Copy the key');
      copy.addEventListener('click', () => {
        void navigator.clipboard.writeText(made.body.key).then(
          () => say('The key is copied.'),
          () => {
            value.select();
            say('Select the key and copy it.');
          },
        );
      });
      created.replaceChildren(
        h('p', {}, `The key for ${made.body.name}. It is shown this once: copy it now and give it to them.`),
        value,
        h(
          'div',
          { class: 'row' },
          copy,
          h(
            'button',
            { type: 'button', class: 'quiet', onclick: () => void keysView().catch(report) },
            'Done',
          ),
        ),
      );
      created.hidden = false;
      copy.focus();
    })().catch(report);
  });
  const rows = keys.body.items.map((key) =>
    h(
      'li',
      {},
      h(
        'span',
        {},
        h('span', { class: 'title' }, key.name),
        ' ',
        h('span', { class: 'badge' }, key.revokedAt === null ? 'active' : 'revoked'),
        h('br'),
        h(
          'span',
          { class: 'meta' },
          `${key.id} · created ${when(key.createdAt)} · last used ${key.lastUsedAt === null ? 'never' : when(key.lastUsedAt)}`,
        ),
      ),
      key.revokedAt === null
        ? h(
            'button',
            {
              type: 'button',
              class: 'danger',
              'aria-label': `Revoke the key of ${key.name}`,
              onclick: () =>
                void (async () => {
                  if (
                    !(await confirmIn(
                      `Revoke the key of ${key.name}?`,
                      'It stops working at once, for good.',
                      'Revoke',
                    ))
                  )
                    return;
                  await api('DELETE', `/api/keys/${encodeURIComponent(key.id)}`);
                  say(`Revoked the key of ${key.name}.`);
                  await keysView();
                })().catch(report),
            },
            'Revoke',
          )
        : h('span', { class: 'meta' }, `revoked ${when(key.revokedAt)}`),
    ),
  );
  show(
    h('h1', {}, 'Editor keys'),
    created,
    form,
    h('h2', { id: 'keys-list' }, 'Keys'),
    rows.length === 0
      ? h('p', {}, 'No stored keys (the key from the environment is not listed).')
      : h('ul', { class: 'list', 'aria-labelledby': 'keys-list' }, ...rows),
  );
}

/** Who did what, newest first, a page at a time. */
export function auditView(): void {
  const list = h('ul', { class: 'list', 'aria-label': 'Audit log' });
  const more = h('button', { type: 'button', class: 'quiet', hidden: true }, 'Older entries');
  let cursor: string | null = null;
  const load = async () => {
    const page = await api<Page<AuditEntry>>(
      'GET',
      `/api/audit?limit=50${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
    );
    for (const entry of page.body.items)
      list.append(
        h(
          'li',
          {},
          h(
            'span',
            {},
            h('span', { class: 'title' }, `${entry.editor} ${entry.action} ${entry.subject}`),
            entry.version === undefined ? '' : ` (version ${entry.version})`,
          ),
          h('span', { class: 'meta' }, when(entry.at)),
        ),
      );
    cursor = page.body.nextCursor;
    more.hidden = cursor === null;
    if (list.children.length === 0) list.append(h('li', {}, 'Nothing recorded yet.'));
  };
  more.addEventListener('click', () => void load().catch(report));
  show(h('h1', {}, 'Audit log'), list, more);
  void load().catch(report);
}
