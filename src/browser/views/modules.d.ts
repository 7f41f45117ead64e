// Modules of the views that exist only at bundle time (scripts/bundle-browser.mjs).

/** The views' worker bundle, as source text (started from a Blob URL by view-client.ts). */
declare module "virtual:eos-view-worker" {
  const source: string;
  export default source;
}
