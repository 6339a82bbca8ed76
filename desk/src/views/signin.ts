import { ApiError, api, session } from '../api.js';
import { fail, field, h, show } from '../dom.js';

/** Signing in: the key is checked against the API at once, so a wrong one says so here. */
export function signIn(then: () => void, notice?: string): void {
  const input = h('input', { type: 'password', autocomplete: 'off', spellcheck: 'false', required: true });
  const form = h(
    'form',
    { class: 'stack', 'aria-labelledby': 'signin-title' },
    notice === undefined ? null : h('p', {}, notice),
    field(
      'key',
      'Editor key',
      input,
      'The key you were given (it starts with fw_). It is kept in this tab only, until you close it.',
    ),
    h('div', {}, h('button', { type: 'submit' }, 'Sign in')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fail(null);
    session.start(input.value.trim());
    try {
      await api('GET', '/api/articles?status=draft&limit=1');
      then();
    } catch (error) {
      session.end();
      if (error instanceof ApiError && error.status === 401)
        fail('That key was not accepted. Check it and try again.');
      else if (error instanceof ApiError) fail(error.describe());
      else fail('The site could not be reached. Check the connection and try again.');
      input.focus();
    }
  });
  show(h('h1', { id: 'signin-title' }, 'Sign in to the desk'), form);
}
