// A small self-contained HTML page with figures and tables (browser-safe string building).
import { escapeXml } from "./escape.js";
import { FONT_STACK } from "./line-plot.js";
import { CJK_FONT_WOFF2_BASE64 } from "./cjk-font.js";
import { argArray, argString } from "../check-args.js";

/**
 * One section of an {@link htmlPage} report.
 *
 * @category Plots
 */
export interface HtmlSection {
  title: string;
  /** Paragraphs of plain text. */
  text?: string[];
  /** Inline SVG documents. */
  svgs?: string[];
  /** Preformatted text blocks (e.g. the CLI's tables). */
  pre?: string[];
  /** A table: header and rows of plain-text cells. */
  table?: { head: string[]; rows: string[][] };
}

/**
 * One HTML document: title, sections, inline SVG (no external assets).
 * @example
 * const html = htmlPage("eoslab report", [{ title: "Loss", svgs: [svg], text: ["Critical run, η = 0.4."] }]);
 * @category Plots
 */
export function htmlPage(title: string, sections: HtmlSection[]): string {
  argString("htmlPage", "title", title); argArray("htmlPage", "sections", sections);
  const body = sections.map((s) => {
    const parts = [`<h2>${escapeXml(s.title)}</h2>`];
    for (const t of s.text ?? []) parts.push(`<p>${escapeXml(t)}</p>`);
    for (const svg of s.svgs ?? []) parts.push(`<div class="fig">${svg.replace(/^<\?xml[^>]*>/, "")}</div>`);
    if (s.table) {
      parts.push(`<div class="tbl"><table><thead><tr>${s.table.head.map((h) => `<th>${escapeXml(h)}</th>`).join("")}</tr></thead><tbody>` +
        s.table.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeXml(c)}</td>`).join("")}</tr>`).join("") + "</tbody></table></div>");
    }
    for (const p of s.pre ?? []) parts.push(`<pre>${escapeXml(p)}</pre>`);
    return `<section>${parts.join("\n")}</section>`;
  }).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title>
<style>
body{font-family:system-ui,${FONT_STACK};margin:2em;max-width:1300px;color:#222}
@font-face{font-family:'eoslab-cjk';src:url(data:font/woff2;base64,${CJK_FONT_WOFF2_BASE64}) format('woff2');unicode-range:U+4E00-9FFF}
pre,code{font-family:ui-monospace,'DejaVu Sans Mono','Liberation Mono',Menlo,Consolas,'eoslab-cjk','Noto Sans Mono CJK SC','Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',monospace}
.fig,.tbl{overflow-x:auto;margin:1em 0}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;white-space:nowrap}
pre{font-size:12px;overflow-x:auto;background:#f7f7f7;padding:0.8em}
</style></head>
<body><h1>${escapeXml(title)}</h1>
${body}
</body></html>
`;
}
