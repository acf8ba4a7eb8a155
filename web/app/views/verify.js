// Public certificate verification, no account needed: a certificate's
// number (its UUID, printed under the QR code, and the end of the address
// /verify/{uuid} the QR code opens, which the server answers with this
// application) checked with
// GET /api/v1/verify/{uuid}. The server checks the signature, the issuer
// and the published status.

import { h, fill } from '../dom.js';
import { t, tv, datetime } from '../i18n.js';
import { get, ApiError } from '../api.js';
import { errorText } from '../main.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function row(label, value) {
  return [h('dt', null, label), h('dd', null, value || t('common.none'))];
}

export default async function verify(main, args) {
  const uuid = (args[0] || '').trim().toLowerCase();
  const input = h('input', { id: 'cert-number', name: 'uuid', value: uuid, autocomplete: 'off', spellcheck: 'false', required: true, 'aria-describedby': 'cert-number-help' });
  const result = h('section', { class: 'verdict-box', 'aria-live': 'polite' });
  fill(
    main,
    h('h1', null, t('verify.title')),
    h('p', null, t('verify.intro')),
    h(
      'form',
      {
        class: 'card',
        onsubmit: (e) => {
          e.preventDefault();
          location.hash = `#/verify/${encodeURIComponent(input.value.trim().toLowerCase())}`;
        },
      },
      h('div', { class: 'field' }, h('label', { for: 'cert-number' }, t('verify.number')), input, h('p', { class: 'sub', id: 'cert-number-help' }, t('verify.number_help'))),
      h('button', { type: 'submit', class: 'primary' }, t('verify.check')),
    ),
    result,
  );
  if (!uuid) return;
  if (!UUID.test(uuid)) {
    fill(result, h('p', { class: 'verdict bad', id: 'verdict', role: 'alert' }, t('verify.malformed')));
    return;
  }
  let v;
  try {
    v = await get(`verify/${encodeURIComponent(uuid)}`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      fill(result, h('p', { class: 'verdict bad', id: 'verdict' }, t('verify.not_found')));
      return;
    }
    fill(result, h('p', { class: 'error', role: 'alert' }, errorText(e)));
    return;
  }
  let why = null;
  if (!v.valid) {
    if (!v.signature_ok) why = t('verify.why.signature');
    else if (!v.known_issuer) why = t('verify.why.issuer');
    else if (v.expired) why = t('verify.why.expired');
    else why = t('verify.why.status', { status: tv('certstatus', v.status) });
  }
  fill(
    result,
    h('p', { class: `verdict ${v.valid ? 'good' : 'bad'}`, id: 'verdict' }, v.valid ? t('verify.valid') : t('verify.not_valid')),
    why ? h('p', { id: 'why' }, why) : null,
    h(
      'dl',
      { class: 'facts' },
      row(t('verify.holder'), v.holder_name),
      row(t('verify.achievement'), v.achievement),
      row(t('verify.issuer'), v.issuer_name),
      row(t('verify.status'), tv('certstatus', v.status)),
      v.status_reason ? row(t('verify.reason'), v.status_reason) : null,
      row(t('verify.valid_from'), datetime(v.valid_from)),
      row(t('verify.valid_until'), datetime(v.valid_until)),
      row(t('verify.certificate'), v.uuid),
      row(t('verify.issuer_did'), h('code', null, v.issuer)),
    ),
    h('p', { class: 'sub' }, t('verify.offline')),
  );
}
