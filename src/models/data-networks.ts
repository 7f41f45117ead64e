// Two networks on data for the several-output path (docs/design.md §4, "Networks on data"): the deep linear network
// F_i = w_L W_{L−1}⋯W₁ x_i, and the tanh MLP F_i = aᵀ tanh(W_K tanh(⋯ tanh(W₁x_i + b₁) ⋯) + b_K) with K = 1 or 2
// hidden layers of width h. Both are plain JS over a JS copy of X (no wasm kernel), so every backend gives the
// same bits; runData runs their GD loop in JS (DataRunResult.loop = "js").
//
// Every product is exact. J·δ is a forward-mode (tangent) pass, Jᵀs a reverse pass, and the curvature term
// Σᵢcᵢ∇²Fᵢ·δ is the R-operator of the reverse pass (Pearlmutter 1994): the tangent of Jᵀc along δ with c held fixed,
// i.e. forward-over-reverse. Never finite differences.
import { InvalidArgumentError } from "../errors.js";
import type { DataOps } from "./data-ops.js";
import type { DataModel } from "./data-model.js";
import { portableTanh } from "../linalg/portable-math.js";

/** Σ_k d_k·d_{k−1} for widths [d₀, d₁, …, 1]. */
export function deepLinearDataParams(widths: readonly number[]): number {
  let p = 0;
  for (let k = 1; k < widths.length; k++) p += widths[k] * widths[k - 1];
  return p;
}

/** p of the tanh MLP: h·d + h, plus h·h + h for a second hidden layer, plus h output weights. */
export function tanhMlpParams(d: number, h: number, layers: number): number {
  return h * d + h + (layers - 1) * (h * h + h) + h;
}

/** Largest width or parameter count a data network takes (its dense Jacobian is n×p). */
const MAX_NETWORK_PARAMS = 1 << 20;

/** Widths [d, d₁, …, d_{L−1}, 1] for data of dimension d, checked. */
export function checkDataWidths(widths: unknown, d: number): number[] {
  if (!Array.isArray(widths) && !ArrayBuffer.isView(widths)) throw new InvalidArgumentError("deep-linear-data needs widths [d, d₁, …, 1] (--widths)");
  const w = Array.from(widths as ArrayLike<unknown>);
  if (w.length < 3) throw new InvalidArgumentError(`deep-linear-data: widths must list d, at least one hidden width and the output 1 (L ≥ 2 layers), got ${w.length} entries`);
  for (let k = 0; k < w.length; k++) {
    const v = w[k];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1 || v > 4096) throw new InvalidArgumentError(`deep-linear-data: widths[${k}] must be an integer in [1, 4096], got ${String(v)}`);
  }
  if (w[0] !== d) throw new InvalidArgumentError(`deep-linear-data: widths[0] = ${String(w[0])} must be the data's input dimension d = ${d}`);
  if (w[w.length - 1] !== 1) throw new InvalidArgumentError(`deep-linear-data: the last width is the output and must be 1, got ${String(w[w.length - 1])}`);
  const p = deepLinearDataParams(w as number[]);
  if (p > MAX_NETWORK_PARAMS) throw new InvalidArgumentError(`deep-linear-data: these widths give p = ${p} parameters; at most ${MAX_NETWORK_PARAMS}`);
  return w as number[];
}

/**
 * The deep linear network on data. With b_L = 1 and b_{k−1} = W_kᵀb_k (the back vectors), F = X·b₀; for any input
 * vector g, φ_g(θ) = w_L⋯W₁g has ∂φ/∂W_k = b_k a_{k−1}ᵀ with a₀ = g, a_k = W_k a_{k−1}. So Jᵀs = ∇φ_{Xᵀs} and
 * Σᵢcᵢ∇²Fᵢ·δ = ∇²φ_{Xᵀc}·δ, the R-operator of that gradient: ∂/∂W_k gets ḃ_k a_{k−1}ᵀ + b_k ȧ_{k−1}ᵀ with
 * ȧ_k = δW_k a_{k−1} + W_k ȧ_{k−1} (ȧ₀ = 0) and ḃ_{k−1} = δW_kᵀb_k + W_kᵀḃ_k (ḃ_L = 0).
 */
export function deepLinearDataModel(ops: DataOps, widths: readonly number[]): DataModel {
  const { n, d } = ops;
  const w = checkDataWidths(widths, d);
  const L = w.length - 1, p = deepLinearDataParams(w);
  const X = ops.engine.read(ops.px, n * d);
  const off: number[] = [];
  for (let k = 1, o = 0; k <= L; o += w[k] * w[k - 1], k++) off.push(o);
  // a[k] (width w[k]) and b[k] (width w[k]) for k = 0 … L, with their tangents.
  const a = w.map((m) => new Float64Array(m)), b = w.map((m) => new Float64Array(m));
  const ad = w.map((m) => new Float64Array(m)), bd = w.map((m) => new Float64Array(m));
  const g = new Float64Array(d);
  // b[k] ← W_{k+1}ᵀ b[k+1] from b[L] = 1; with `dl`, also the tangents bd.
  const back = (t: Float64Array, dl: Float64Array | null): void => {
    b[L][0] = 1;
    bd[L][0] = 0;
    for (let k = L; k >= 1; k--) {
      const din = w[k - 1], dout = w[k], o = off[k - 1], bk = b[k], bkd = bd[k], bo = b[k - 1], bod = bd[k - 1];
      bo.fill(0);
      if (dl) bod.fill(0);
      for (let i = 0; i < dout; i++) {
        const bi = bk[i], bdi = bkd[i];
        for (let j = 0; j < din; j++) {
          bo[j] += t[o + i * din + j] * bi;
          if (dl) bod[j] += dl[o + i * din + j] * bi + t[o + i * din + j] * bdi;
        }
      }
    }
  };
  // a[k] ← W_k a[k−1] from a[0] = v; with `dl`, also the tangents ad (ad[0] = 0).
  const fwd = (t: Float64Array, v: ArrayLike<number>, dl: Float64Array | null): void => {
    for (let j = 0; j < d; j++) { a[0][j] = v[j]; ad[0][j] = 0; }
    for (let k = 1; k < L; k++) {
      const din = w[k - 1], dout = w[k], o = off[k - 1], ai = a[k - 1], aid = ad[k - 1];
      for (let i = 0; i < dout; i++) {
        let s = 0, sd = 0;
        for (let j = 0; j < din; j++) {
          s += t[o + i * din + j] * ai[j];
          if (dl) sd += dl[o + i * din + j] * ai[j] + t[o + i * din + j] * aid[j];
        }
        a[k][i] = s;
        ad[k][i] = sd;
      }
    }
  };
  const Xv = (v: Float64Array, out: Float64Array): Float64Array => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += X[i * d + j] * v[j];
      out[i] = s;
    }
    return out;
  };
  const XTv = (r: ArrayLike<number>, out: Float64Array): Float64Array => {
    out.fill(0);
    for (let i = 0; i < n; i++) {
      const ri = r[i];
      for (let j = 0; j < d; j++) out[j] += X[i * d + j] * ri;
    }
    return out;
  };
  // out ← ∂φ/∂θ = [b_k a_{k−1}ᵀ]_k after back() and fwd().
  const gradInto = (out: Float64Array, accumulate: boolean): void => {
    for (let k = 1; k <= L; k++) {
      const din = w[k - 1], dout = w[k], o = off[k - 1];
      for (let i = 0; i < dout; i++) for (let j = 0; j < din; j++) {
        const v = b[k][i] * a[k - 1][j];
        if (accumulate) out[o + i * din + j] += v;
        else out[o + i * din + j] = v;
      }
    }
  };
  const model: DataModel = {
    kind: "deep-linear-data", n, d, h: w[1], p, ops,
    forward(t, out) {
      back(t, null);
      return Xv(b[0], out);
    },
    jvp(t, dl, out) {
      back(t, dl);
      return Xv(bd[0], out);
    },
    vjp(t, s, out) {
      back(t, null);
      fwd(t, XTv(s, g), null);
      gradInto(out, false);
      return out;
    },
    curvature(t, c, _g, dl, out) {
      back(t, dl);
      fwd(t, XTv(c, g), dl);
      for (let k = 1; k <= L; k++) {
        const din = w[k - 1], dout = w[k], o = off[k - 1];
        for (let i = 0; i < dout; i++) for (let j = 0; j < din; j++) out[o + i * din + j] += bd[k][i] * a[k - 1][j] + b[k][i] * ad[k - 1][j];
      }
      return out;
    },
    jacobian(t) {
      const J = new Float64Array(n * p);
      back(t, null);
      const row = new Float64Array(p);
      for (let i = 0; i < n; i++) {
        fwd(t, X.subarray(i * d, (i + 1) * d), null);
        gradInto(row, false);
        J.set(row, i * p);
      }
      return J;
    },
  };
  return model;
}

/** The tanh MLP's hidden width and layer count, checked. */
export function checkTanhMlp(h: unknown, layers: unknown, d: number): { h: number; layers: number } {
  if (typeof h !== "number" || !Number.isSafeInteger(h) || h < 1 || h > 4096) throw new InvalidArgumentError(`tanh-mlp needs a hidden width h, an integer in [1, 4096] (--hidden h), got ${String(h)}`);
  const K = layers ?? 1;
  if (K !== 1 && K !== 2) throw new InvalidArgumentError(`tanh-mlp takes 1 or 2 hidden layers (--layers), got ${String(layers)}`);
  const p = tanhMlpParams(d, h, K);
  if (p > MAX_NETWORK_PARAMS) throw new InvalidArgumentError(`tanh-mlp: d = ${d}, h = ${h}, ${K} layers give p = ${p} parameters; at most ${MAX_NETWORK_PARAMS}`);
  return { h, layers: K };
}

/**
 * The tanh MLP on data, θ = [W₁ (h×d, row-major); b₁; (W₂ (h×h); b₂;) a], one sample at a time:
 * z_k = W_k h_{k−1} + b_k, h_k = tanh(z_k) (h₀ = x), F = aᵀh_K. Reverse pass with seed c: ā = c·h_K,
 * h̄_K = c·a, z̄_k = h̄_k ⊙ (1 − h_k²), W̄_k = z̄_k h_{k−1}ᵀ, b̄_k = z̄_k, h̄_{k−1} = W_kᵀz̄_k. The curvature term is its
 * R-operator along δ (c fixed): with the forward tangents ż_k = δW_k h_{k−1} + W_k ḣ_{k−1} + δb_k, ḣ_k = (1 − h_k²)ż_k,
 * R(ā) = c·ḣ_K, R(h̄_K) = c·δa, R(z̄_k) = R(h̄_k) ⊙ (1 − h_k²) − 2 h̄_k ⊙ h_k ⊙ ḣ_k,
 * R(W̄_k) = R(z̄_k) h_{k−1}ᵀ + z̄_k ḣ_{k−1}ᵀ, R(b̄_k) = R(z̄_k), R(h̄_{k−1}) = δW_kᵀz̄_k + W_kᵀR(z̄_k).
 */
export function tanhMlpModel(ops: DataOps, h: number, layers: number): DataModel {
  const { n, d } = ops;
  const { h: H, layers: K } = checkTanhMlp(h, layers, d);
  const p = tanhMlpParams(d, H, K);
  const X = ops.engine.read(ops.px, n * d);
  // Offsets of W_k, b_k (k = 1 … K) and a.
  const Wo: number[] = [], bo: number[] = [];
  let o = 0;
  for (let k = 1; k <= K; k++) {
    const din = k === 1 ? d : H;
    Wo.push(o); o += H * din;
    bo.push(o); o += H;
  }
  const ao = o;
  const hs = Array.from({ length: K + 1 }, (_, k) => new Float64Array(k === 0 ? d : H));
  const hd = Array.from({ length: K + 1 }, (_, k) => new Float64Array(k === 0 ? d : H));
  const hbar = new Float64Array(Math.max(H, d)), hbarD = new Float64Array(Math.max(H, d));
  const zbar = new Float64Array(H), zbarD = new Float64Array(H), prev = new Float64Array(Math.max(H, d)), prevD = new Float64Array(Math.max(H, d));
  // Forward pass for sample i (and the tangents along dl when given); returns F_i (and sets Ḟ_i in `fdot`).
  let fdot = 0;
  const forwardOne = (t: Float64Array, i: number, dl: Float64Array | null): number => {
    const x = hs[0];
    for (let j = 0; j < d; j++) { x[j] = X[i * d + j]; hd[0][j] = 0; }
    for (let k = 1; k <= K; k++) {
      const din = k === 1 ? d : H, W = Wo[k - 1], B = bo[k - 1], hin = hs[k - 1], hind = hd[k - 1], hout = hs[k], houtd = hd[k];
      for (let u = 0; u < H; u++) {
        let z = t[B + u], zd = dl ? dl[B + u] : 0;
        for (let j = 0; j < din; j++) {
          z += t[W + u * din + j] * hin[j];
          if (dl) zd += dl[W + u * din + j] * hin[j] + t[W + u * din + j] * hind[j];
        }
        const th = portableTanh(z); // not Math.tanh: the same bits in every engine (docs/determinism-and-memory.md)
        hout[u] = th;
        houtd[u] = (1 - th * th) * zd;
      }
    }
    let f = 0, fd = 0;
    const hk = hs[K], hkd = hd[K];
    for (let u = 0; u < H; u++) {
      f += t[ao + u] * hk[u];
      if (dl) fd += dl[ao + u] * hk[u] + t[ao + u] * hkd[u];
    }
    fdot = fd;
    return f;
  };
  // After forwardOne(t, i, dl): out += c·∇F_i (dl null), or, dl given, the R-operator of c·∇F_i along (dl, ċ):
  // out += c·∇²F_i·dl + ċ·∇F_i (ċ = 0: the curvature term; ċ = J_i·dl with c = r_i: the loss's Hessian-vector product).
  const reverseOne = (t: Float64Array, c: number, dl: Float64Array | null, out: Float64Array, cdot = 0): void => {
    const hk = hs[K], hkd = hd[K];
    for (let u = 0; u < H; u++) {
      out[ao + u] += dl ? c * hkd[u] + cdot * hk[u] : c * hk[u];
      hbar[u] = c * t[ao + u];
      hbarD[u] = dl ? c * dl[ao + u] + cdot * t[ao + u] : 0;
    }
    for (let k = K; k >= 1; k--) {
      const din = k === 1 ? d : H, W = Wo[k - 1], B = bo[k - 1], hout = hs[k], houtd = hd[k], hin = hs[k - 1], hind = hd[k - 1];
      for (let u = 0; u < H; u++) {
        const s = 1 - hout[u] * hout[u];
        zbar[u] = hbar[u] * s;
        zbarD[u] = dl ? hbarD[u] * s - 2 * hbar[u] * hout[u] * houtd[u] : 0;
      }
      if (k > 1) { prev.fill(0, 0, din); prevD.fill(0, 0, din); }
      for (let u = 0; u < H; u++) {
        const zb = zbar[u], zbd = zbarD[u];
        out[B + u] += dl ? zbd : zb;
        for (let j = 0; j < din; j++) {
          const wi = W + u * din + j;
          out[wi] += dl ? zbd * hin[j] + zb * hind[j] : zb * hin[j];
          if (k > 1) {
            prev[j] += t[wi] * zb;
            if (dl) prevD[j] += dl[wi] * zb + t[wi] * zbd;
          }
        }
      }
      if (k > 1) for (let j = 0; j < din; j++) { hbar[j] = prev[j]; hbarD[j] = prevD[j]; }
    }
  };
  return {
    kind: "tanh-mlp", n, d, h: H, p, ops,
    forward(t, out) {
      for (let i = 0; i < n; i++) out[i] = forwardOne(t, i, null);
      return out;
    },
    residualAndGradient(t, y, r, g) {
      g.fill(0, 0, p);
      let s = 0;
      for (let i = 0; i < n; i++) {
        r[i] = forwardOne(t, i, null) - y[i];
        s += r[i] * r[i];
        if (r[i] !== 0) reverseOne(t, r[i], null, g);
      }
      return 0.5 * s;
    },
    jvp(t, dl, out) {
      for (let i = 0; i < n; i++) {
        forwardOne(t, i, dl);
        out[i] = fdot;
      }
      return out;
    },
    vjp(t, s, out) {
      out.fill(0, 0, p);
      for (let i = 0; i < n; i++) {
        if (s[i] === 0) continue;
        forwardOne(t, i, null);
        reverseOne(t, s[i], null, out);
      }
      return out;
    },
    curvature(t, c, _g, dl, out) {
      for (let i = 0; i < n; i++) {
        if (c[i] === 0) continue;
        forwardOne(t, i, dl);
        reverseOne(t, c[i], dl, out);
      }
      return out;
    },
    // Forward-over-reverse of ℓ itself, one sample at a time: seed c = r_i and its tangent ċ = J_i·δ in one reverse
    // pass, so Jᵀ(Jδ) and Σᵢrᵢ∇²Fᵢ·δ come together (2 passes per sample instead of 5).
    lossHvp(t, r, dl, out) {
      out.fill(0, 0, p);
      for (let i = 0; i < n; i++) {
        forwardOne(t, i, dl);
        reverseOne(t, r[i], dl, out, fdot);
      }
      return out;
    },
    jacobian(t) {
      const J = new Float64Array(n * p), row = new Float64Array(p);
      for (let i = 0; i < n; i++) {
        row.fill(0);
        forwardOne(t, i, null);
        reverseOne(t, 1, null, row);
        J.set(row, i * p);
      }
      return J;
    },
  };
}
