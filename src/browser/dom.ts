// The one DOM helper the explorer's parts share.

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
