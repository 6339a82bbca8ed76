/**
 * Building the page. Every value from the API goes in as text (text nodes,
 * attribute values), never as markup: there is no innerHTML in the desk. The
 * one place an article's HTML is shown is a sandboxed iframe (`preview`).
 */
type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | boolean | number | ((event: Event) => void) | undefined>;

/** `h('button', { type: 'button', onclick: go }, 'Go')` */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children)
    if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/** Replaces what the view shows, and moves focus to its heading (screen readers hear the new view). */
export function show(...nodes: Node[]): void {
  const view = document.getElementById('view') as HTMLElement;
  view.replaceChildren(...nodes);
  const heading = view.querySelector('h1');
  if (heading !== null) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

/** A message for everyone (polite), or an error (assertive, until the next action clears it). */
export function say(message: string): void {
  const status = document.getElementById('status') as HTMLElement;
  status.textContent = message;
}

export function fail(message: string | null): void {
  const alert = document.getElementById('alert') as HTMLElement;
  alert.textContent = message ?? '';
  alert.hidden = message === null;
}

/** A field with its label (and a hint read with it), the way every form here is built. */
export function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  control.id = id;
  const hintId = `${id}-hint`;
  if (hint !== undefined) control.setAttribute('aria-describedby', hintId);
  return h(
    'div',
    {},
    h('label', { for: id }, label),
    hint === undefined ? null : h('p', { id: hintId, class: 'hint' }, hint),
    control,
  );
}

/** An article's HTML (or a whole page) in a sandboxed frame: no script, no same origin, no forms. */
export function preview(title: string, html: string): HTMLIFrameElement {
  const frame = h('iframe', { class: 'preview', sandbox: '', title, referrerpolicy: 'no-referrer' });
  frame.srcdoc = html;
  return frame;
}

/** Asks in a modal dialog; resolves to whether the person confirmed. */
export function confirmIn(question: string, detail: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { 'aria-labelledby': 'confirm-title' });
    const done = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    const cancel = h('button', { type: 'button', class: 'quiet', onclick: () => done(false) }, 'Cancel');
    dialog.append(
      h('h2', { id: 'confirm-title' }, question),
      h('p', {}, detail),
      h(
        'div',
        { class: 'row' },
        cancel,
        h('button', { type: 'button', class: 'danger', onclick: () => done(true) }, confirmLabel),
      ),
    );
    dialog.addEventListener('cancel', () => done(false));
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

// dateStyle and timeStyle cannot be combined with timeZoneName: the parts are named one by one.
const dateFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** A time in the editor's own zone, with the zone named. */
export function when(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

/** The editor's time zone, as the browser knows it. */
export const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
