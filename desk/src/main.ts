/**
 * The editors' desk: a page for editors beside the API and the CLI. Hash
 * routes (#/, #/write, #/paste, #/edit/{id}, #/keys, #/audit); no server
 * session; the key in this tab only.
 */
import { ApiError, session } from './api.js';
import { fail, say } from './dom.js';
import { report } from './report.js';
import { auditView, keysView } from './views/admin.js';
import { deskView } from './views/desk.js';
import { signIn } from './views/signin.js';
import { editView, pasteView, writeView } from './views/write.js';

const nav = document.getElementById('nav') as HTMLElement;

function route(): void {
  fail(null);
  if (session.key() === null) {
    nav.hidden = true;
    signIn(() => {
      nav.hidden = false;
      if (location.hash === '' || location.hash === '#/') route();
      else location.hash = '#/';
    });
    return;
  }
  nav.hidden = false;
  const hash = location.hash.replace(/^#/, '') || '/';
  const edit = /^\/edit\/(.+)$/.exec(hash);
  const views: Record<string, () => void | Promise<void>> = {
    '/': deskView,
    '/write': writeView,
    '/paste': pasteView,
    '/keys': keysView,
    '/audit': auditView,
  };
  const view =
    edit?.[1] !== undefined
      ? () => editView(decodeURIComponent(edit[1] as string))
      : (views[hash] ?? deskView);
  for (const link of nav.querySelectorAll('a')) {
    if (link.getAttribute('href') === `#${hash}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  Promise.resolve(view()).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 401) {
      session.end();
      route();
      fail('Your key is no longer accepted (revoked?). Sign in again.');
    } else report(error);
  });
}

document.getElementById('sign-out')?.addEventListener('click', () => {
  session.end();
  say('Signed out.');
  location.hash = '#/';
  route();
});
window.addEventListener('hashchange', route);
route();
