// Sign-in: POST /api/v1/auth/login sets the session cookie.
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';
import { post, ApiError } from '../api.js';

export default async function signin(main, args, app) {
  const msg = h('p', { class: 'error', role: 'alert', id: 'signin-error', hidden: true });
  const user = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const pass = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const button = h('button', { type: 'submit', class: 'primary' }, t('signin.submit'));
  const form = h(
    'form',
    {
      class: 'card narrow',
      onsubmit: async (e) => {
        e.preventDefault();
        msg.hidden = true;
        button.disabled = true;
        try {
          await post('auth/login', { username: user.value.trim(), password: pass.value });
          pass.value = '';
          await app.signedIn();
          const after = sessionStorage.getItem('tunas.after');
          sessionStorage.removeItem('tunas.after');
          if (after && after !== '#/signin') location.hash = after;
          else app.go(app.home());
        } catch (err) {
          msg.textContent =
            err instanceof ApiError && err.status === 401
              ? t('signin.failed')
              : err instanceof ApiError && err.status === 429
                ? t('error.rate')
                : t('error.generic');
          msg.hidden = false;
          pass.focus();
        } finally {
          button.disabled = false;
        }
      },
    },
    h('h1', null, t('signin.title')),
    h('p', null, t('signin.intro')),
    msg,
    h('div', { class: 'field' }, h('label', { for: 'username' }, t('signin.username')), user),
    h('div', { class: 'field' }, h('label', { for: 'password' }, t('signin.password')), pass),
    button,
  );
  fill(main, form, h('p', { class: 'narrow' }, h('a', { href: '#/verify' }, t('signin.verify'))));
  if (app.me) {
    form.prepend(h('p', { class: 'note' }, t('signin.already', { user: app.me.username })));
  }
  user.focus();
}
