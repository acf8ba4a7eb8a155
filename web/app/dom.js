// Building the page: every piece of text goes in as a text node, never as
// markup, so whatever a user typed (names, reasons, notes) is shown as
// typed and cannot become HTML or script (docs/WEB.md, "XSS").

// h('tag', {attr: value, onclick: fn, class: 'a b'}, child...) — children
// are nodes, strings (text), numbers, arrays of those, or null (skipped).
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'dataset') {
      Object.assign(el.dataset, v);
    } else if (k === 'value' && (tag === 'input' || tag === 'select' || tag === 'textarea')) {
      el.value = v;
    } else if (v === true) {
      el.setAttribute(k, '');
    } else {
      el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// Replace el's content with children.
export function fill(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

let seq = 0;
// A unique id for a label's `for`.
export function uid(prefix) {
  seq += 1;
  return `${prefix}-${seq}`;
}
