// Certificates in the caller's scope, paged, with revocation (a reason is
// required and kept; revocation is final, the server refuses to undo it).

import { h } from '../dom.js';
import { t, tv, datetime } from '../i18n.js';
import { page, all, post } from '../api.js';
import { listScreen } from '../table.js';
import { errorText } from '../main.js';

export default async function certificates(main) {
  const columns = [
    { label: t('verify.holder'), value: (c) => c.holder_name },
    { label: t('verify.achievement'), value: (c) => c.achievement },
    { label: t('field.status'), value: (c) => tv('certstatus', c.status), cell: (c) => h('span', { dataset: { status: c.status } }, tv('certstatus', c.status)) },
    { label: t('me.issued'), value: (c) => datetime(c.issued_at) },
    {
      label: t('cohort.actions'),
      value: () => '',
      cell: (c) => {
        const links = [h('a', { href: `#/verify/${c.uuid}` }, t('me.verify')), ' · ', h('a', { href: `/api/v1/certificates/${c.id}/pdf`, download: `certificate-${c.id}.pdf` }, t('me.pdf'))];
        if (c.status === 'revoked') return links;
        const reasonId = `reason-${c.id}`;
        const reason = h('input', { id: reasonId, required: true, maxlength: 200 });
        const out = h('span', { role: 'status' });
        const form = h(
          'form',
          {
            class: 'row-actions',
            hidden: true,
            onsubmit: async (e) => {
              e.preventDefault();
              if (!reason.value.trim()) return;
              try {
                const r = await post(`certificates/${c.id}/status`, { status: 'revoked', reason: reason.value.trim() });
                Object.assign(c, r);
                out.className = 'ok';
                out.textContent = t('certs.revoked', { name: c.holder_name });
                form.replaceWith(out);
              } catch (err) {
                out.className = 'error';
                out.textContent = errorText(err);
              }
            },
          },
          h('label', { for: reasonId }, t('certs.reason')),
          reason,
          h('button', { type: 'submit', class: 'danger' }, t('certs.confirm')),
          out,
        );
        const open = h('button', { type: 'button', class: 'danger', 'aria-label': t('certs.revoke_label', { name: c.holder_name }), onclick: () => { form.hidden = false; open.hidden = true; reason.focus(); } }, t('certs.revoke'));
        return h('div', null, links, ' ', open, form);
      },
    },
  ];
  return listScreen(main, {
    title: t('nav.certificates'),
    intro: t('certs.intro'),
    filters: [],
    columns,
    errorText,
    load: (f, { after, limit }) => page('certificates', { after, limit }),
    loadAll: () => all('certificates'),
    csvName: 'certificates.csv',
  });
}
