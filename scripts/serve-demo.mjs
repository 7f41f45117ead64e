// `npm run demo`: serves demo/ (static files only; the page runs as well from
// any static host) on http://localhost:5178, or $PORT. No dependencies.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

const root = new URL("../demo/", import.meta.url).pathname;
const port = Number(process.env.PORT ?? 5178);
const host = process.env.HOST ?? "127.0.0.1";
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

const server = createServer(async (req, res) => {
  try {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root.replace(/\/$/, "")) || file.split(sep).includes("..")) {
      res.writeHead(403).end("forbidden");
      return;
    }
    if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, "index.html");
    const body = await readFile(file);
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" });
    res.end(body);
  } catch {
    res.writeHead(404, { "content-type": "text/plain" }).end("not found (did `npm run build` make demo/build/?)");
  }
});

server.listen(port, host, () => {
  const url = `http://${host === "127.0.0.1" ? "localhost" : host}:${server.address().port}/`;
  console.log(`eoslab explorer: ${url}   (embedded figure: ${url}embed.html; Ctrl-C stops)`);
});
