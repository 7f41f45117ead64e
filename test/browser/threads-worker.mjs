// The threads page's module worker: the same comparison as the page's main thread, from inside a Web Worker (whose
// gdLinearAsync starts its own nested workers).
import * as lib from "../../dist/eoslab.browser.js";
import { compareCase } from "./threads-case.mjs";

const simd = await lib.init({ backend: "simd" });
const js = await lib.init({ backend: "js" });
onmessage = async (e) => {
  try {
    postMessage({ ok: true, result: await compareCase(lib, simd, js, e.data) });
  } catch (err) {
    postMessage({ ok: false, error: String(err?.message ?? err) });
  }
};
postMessage({ ready: true, isolated: globalThis.crossOriginIsolated === true });
