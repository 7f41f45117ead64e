// `npm run demo`: serves demo/ (static files only; the pages run as well from
// any static host) on http://localhost:5178, or $PORT. No dependencies.
// The browser tests import serveStatic() to serve the repository the same way.
// `npm run demo` also sends the cross-origin isolation headers (COOP same-origin, COEP require-corp), so that the
// pages get SharedArrayBuffer (`crossOriginIsolated` true); EOSLAB_NO_ISOLATION=1 leaves them out. Isolated, the
// browser build's gdLinearAsync runs one large linear GD trajectory on two workers (docs/engine.md, "Two threads for
// one large trajectory"); without isolation every run is on one thread. demo/index.html says which case it is in.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".wasm": "application/wasm",
};

/** Serves the files under `root` (GET only, no listing); resolves once listening. `isolate`: send COOP/COEP. */
export function serveStatic({ root, port = 0, host = "127.0.0.1", isolate = false }) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
      let file = resolve(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) {
        res.writeHead(403).end("forbidden");
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      const isolation = isolate ? { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" } : {};
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache", ...isolation });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found (has `npm run build` made demo/build/?)");
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      const url = `http://${host === "127.0.0.1" ? "localhost" : host}:${server.address().port}/`;
      ok({ url, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = fileURLToPath(new URL("../demo/", import.meta.url));
  const isolate = process.env.EOSLAB_NO_ISOLATION !== "1";
  const { url } = await serveStatic({ root, port: Number(process.env.PORT ?? 5178), host: process.env.HOST ?? "127.0.0.1", isolate });
  console.log(`eoslab explorer: ${url}   (one figure embedded in text: ${url}embed.html; Ctrl-C stops)`);
  console.log(isolate ? "cross-origin isolated (COOP/COEP headers sent): SharedArrayBuffer available, two threads for gdLinearAsync" : "EOSLAB_NO_ISOLATION=1: no COOP/COEP headers, the pages run on one thread");
}
