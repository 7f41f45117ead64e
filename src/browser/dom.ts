// The DOM helpers the explorer's parts and the views share.

export type Attrs = Record<string, string | number | boolean | undefined>;

/** An element with attributes (false/undefined: left out; true: present and empty) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === "class") el.className = String(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const kid of kids) el.append(kid);
  return el;
}

/** Puts `css` in the document's head once: a second figure (or a second bundle's call with the same id) adds nothing. */
export function injectStyle(doc: Document, id: string, css: string): void {
  if (doc.getElementById(id)) return;
  const style = doc.createElement("style");
  style.id = id;
  style.textContent = css;
  doc.head.appendChild(style);
}
