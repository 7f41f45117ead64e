// Modules that exist only at bundle time (scripts/bundle-browser.mjs).

/** CSS files are bundled as text and injected by the explorer. */
declare module "*.css" {
  const text: string;
  export default text;
}

/** The explorer's worker bundle, as source text (started from a Blob URL). */
declare module "virtual:eos-worker" {
  const source: string;
  export default source;
}
