// The phase plane of the scalar factorisation f = ab (p = 2, docs/design.md §1):
// the (a, b) plane with the valley of minima M, the hyperbola ab = y; the GD
// iterates bouncing across it; the drift along it towards the balanced point
// θ∥* = ±(√y, √y), the flattest minimum; and, at the last iterate, its
// projection θ∥ onto M and the segment θ⊥ across. Drawn on a plain canvas
// (a parametric picture, not a time series), from the θ_t and θ∥_t the worker
// records for p = 2.
import { h } from "./dom.js";
import type { Palette } from "./charts.js";

export interface PhaseData {
  /** θ_t, two values per record. */
  theta: Float64Array;
  /** θ∥_t, the projection onto M, two values per record. */
  thetaPar: Float64Array;
  /** Records so far. */
  n: number;
  /** y, the target (M is ab = y). */
  target: number;
}

export interface PhasePlane {
  readonly element: HTMLElement;
  /** Draws a run (null: the model is not f = ab, a note says so). */
  draw(d: PhaseData | null): void;
  setWidth(width: number): void;
  destroy(): void;
}

export function createPhasePlane(target: HTMLElement, width: number, height: number, pal: Palette): PhasePlane {
  const canvas = h("canvas", { class: "eos-phase-canvas", role: "img", "aria-label": "phase plane (a, b)" });
  const note = h("p", { class: "eos-figure-note" });
  target.append(canvas, note);
  let last: PhaseData | null = null;
  let w = width;

  function paint(): void {
    const dpr = devicePixelRatio || 1;
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(height * dpr);
    canvas.style.width = `${w}px`;
    canvas.style.height = `${height}px`;
    const ctx = canvas.getContext("2d")!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, height);
    const d = last;
    // Another model: only the note, no empty frame.
    canvas.style.display = d ? "" : "none";
    if (!d || d.n === 0) {
      note.textContent = d ? "" : "The phase plane is drawn for the scalar model f = ab (p = 2): choose it in the model menu.";
      canvas.setAttribute("aria-label", "phase plane: no p = 2 run");
      return;
    }
    const y = d.target;
    const s = Math.sqrt(Math.abs(y));
    // The view: every iterate and the balanced point, with a margin, equal scales on both axes.
    // The flattest point in the branch of M where the run ends (GD can jump from one branch to the other).
    const sign = d.thetaPar[2 * (d.n - 1)]! >= 0 ? 1 : -1;
    const star: [number, number] = y > 0 ? [sign * s, sign * s] : [s, -s];
    let x0 = star[0], x1 = star[0], y0 = star[1], y1 = star[1];
    for (let i = 0; i < d.n; i++) {
      const a = d.theta[2 * i]!, b = d.theta[2 * i + 1]!;
      if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
      x0 = Math.min(x0, a), x1 = Math.max(x1, a), y0 = Math.min(y0, b), y1 = Math.max(y1, b);
    }
    const pad = 0.12 * Math.max(x1 - x0, y1 - y0, 0.2);
    x0 -= pad, x1 += pad, y0 -= pad, y1 += pad;
    const L = 44, B = 30, T = 8, R = 10;
    const scale = Math.min((w - L - R) / (x1 - x0), (height - T - B) / (y1 - y0));
    const px = (a: number): number => L + (a - x0) * scale;
    const py = (b: number): number => height - B - (b - y0) * scale;
    const cx = (X: number): number => x0 + (X - L) / scale;
    // Axes and ticks.
    ctx.font = "11px system-ui, sans-serif";
    ctx.strokeStyle = pal.grid;
    ctx.fillStyle = pal.ink;
    ctx.lineWidth = 1;
    ctx.strokeRect(L, T, w - L - R, height - T - B);
    ctx.textAlign = "center";
    ctx.fillText("a = θ₁", (L + w - R) / 2, height - 6);
    ctx.save();
    ctx.translate(12, (T + height - B) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText("b = θ₂", 0, 0);
    ctx.restore();
    const tick = (lo: number, hi: number): number[] => {
      const step = Math.pow(10, Math.floor(Math.log10((hi - lo) / 4)));
      const k = [1, 2, 5, 10].find((m) => (hi - lo) / (m * step) <= 6)! * step;
      const out: number[] = [];
      for (let v = Math.ceil(lo / k) * k; v <= hi; v += k) out.push(Number(v.toPrecision(6)));
      return out;
    };
    for (const v of tick(x0, cx(w - R))) ctx.fillText(String(v), px(v), height - B + 13);
    ctx.textAlign = "right";
    for (const v of tick(y0, y0 + (height - T - B) / scale)) ctx.fillText(String(v), L - 4, py(v) + 4);
    ctx.save();
    ctx.beginPath();
    ctx.rect(L, T, w - L - R, height - T - B);
    ctx.clip();
    // M: b = y/a, drawn pixel column by pixel column.
    ctx.strokeStyle = pal.lambdaStar;
    ctx.lineWidth = 2;
    ctx.beginPath();
    let pen = false;
    for (let X = L; X <= w - R; X += 1) {
      const a = cx(X);
      const b = y / a;
      const Y = py(b);
      if (Math.abs(a) < 1e-9 || Y < T - 1000 || Y > height + 1000) {
        pen = false;
        continue;
      }
      if (pen) ctx.lineTo(X, Y);
      else ctx.moveTo(X, Y);
      pen = true;
    }
    ctx.stroke();
    ctx.fillStyle = pal.lambdaStar;
    ctx.textAlign = "left";
    ctx.fillText(`M: ab = ${y}`, L + 6, T + 14);
    // The iterates, joined in order: the bounce across M.
    ctx.strokeStyle = pal.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let i = 0; i < d.n; i++) {
      const a = d.theta[2 * i]!, b = d.theta[2 * i + 1]!;
      if (i === 0) ctx.moveTo(px(a), py(b));
      else ctx.lineTo(px(a), py(b));
    }
    ctx.stroke();
    ctx.fillStyle = pal.thetaPerp;
    for (let i = 0; i < d.n; i++) {
      const a = d.theta[2 * i]!, b = d.theta[2 * i + 1]!;
      ctx.beginPath();
      ctx.arc(px(a), py(b), i === 0 ? 4 : 2, 0, 2 * Math.PI);
      ctx.fill();
    }
    // The balanced point θ∥*, and θ∥ and θ⊥ at the last iterate.
    const k = d.n - 1;
    const [a, b] = [d.theta[2 * k]!, d.theta[2 * k + 1]!];
    const [pa, pb] = [d.thetaPar[2 * k]!, d.thetaPar[2 * k + 1]!];
    ctx.strokeStyle = pal.ink;
    ctx.setLineDash([3, 2]);
    ctx.beginPath();
    ctx.moveTo(px(a), py(b));
    ctx.lineTo(px(pa), py(pb));
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = pal.ink;
    ctx.beginPath();
    ctx.arc(px(pa), py(pb), 3.5, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.fillText("θ∥", px(pa) + 6, py(pb) + 14);
    ctx.fillText("θ⊥", (px(a) + px(pa)) / 2 + 6, (py(b) + py(pb)) / 2);
    ctx.fillStyle = pal.lambdaPar;
    ctx.beginPath();
    ctx.arc(px(star[0]), py(star[1]), 4.5, 0, 2 * Math.PI);
    ctx.fill();
    // Next to the last iterate the θ∥ and θ⊥ labels sit at its right: θ∥*'s goes under them then.
    const near = Math.hypot(px(star[0]) - px(pa), py(star[1]) - py(pb)) < 60;
    ctx.fillText("θ∥* (flattest)", px(star[0]) + 7, py(star[1]) + (near ? 30 : -8));
    ctx.restore();
    note.textContent = `The iterates θ_t (dots, from the larger one at t = 0) bounce across the valley M while drifting along it towards the balanced point θ∥* = (${star[0].toPrecision(4)}, ${star[1].toPrecision(4)}); at the last iterate, the dashed segment θ⊥ joins it to its projection θ∥ on M.`;
    canvas.setAttribute("aria-label", `phase plane: ${d.n} iterates from (${d.theta[0]!.toPrecision(4)}, ${d.theta[1]!.toPrecision(4)}) to (${a.toPrecision(4)}, ${b.toPrecision(4)}); θ∥ = (${pa.toPrecision(4)}, ${pb.toPrecision(4)})`);
  }

  return {
    element: target,
    draw(d) {
      last = d;
      paint();
    },
    setWidth(width2) {
      if (width2 === w) return;
      w = width2;
      paint();
    },
    destroy() {
      canvas.remove();
      note.remove();
    },
  };
}
