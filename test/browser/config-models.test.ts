// The explorer's model menu beyond deep scalar (src/browser/config.ts): the
// deep linear network and the tanh chain in the URL, their λ*, starts and presets.
import { describe, expect, it } from "vitest";
import { edgeOf, patchConfig, parseConfig, presetConfig, PRESETS, serializeConfig, startOf, switchModel, defaultConfig, tanhChainFlattest } from "../../src/browser/config.js";
import { tanhChain } from "../../src/models/tanh-chain.js";

const fromQuery = (q: string) => {
  const p = new URLSearchParams(q);
  return parseConfig((k) => p.get(k));
};

describe("deep linear network and tanh chain in the explorer's configuration", () => {
  it("reads a deep linear network from the URL, with λ* = L·|y|^{2(L−1)/L}·‖x‖^{2/L} and the parameter count as depth", () => {
    const c = fromQuery("model=deep-linear&widths=3,4,4,1&input=0.5,-1,2&target=2&etaFrac=1");
    expect(c.model).toBe("deep-linear");
    expect(c.depth).toBe(3 * 4 + 4 * 4 + 4);
    expect(c.theta0).toHaveLength(32);
    const L = 3;
    const xx = 0.25 + 1 + 4;
    const lambdaStar = L * Math.pow(2, (2 * (L - 1)) / L) * Math.pow(xx, 1 / L);
    expect(edgeOf(c).lambdaStar).toBeCloseTo(lambdaStar, 10);
    expect(c.eta).toBe(2 / edgeOf(c).lambdaStar);
  });

  it("reads a tanh chain, whose λ* is ‖∇f‖² at a point of M", () => {
    const c = fromQuery("model=tanh-chain&depth=3&input=1&target=0.5");
    expect([c.model, c.depth, c.input, c.target]).toEqual(["tanh-chain", 3, [1], 0.5]);
    const { thetaStar, lambdaStar } = tanhChainFlattest(3, 1, 0.5);
    const m = tanhChain({ depth: 3, input: 1, target: 0.5 });
    expect(m.f(thetaStar)).toBeCloseTo(0.5, 10);
    const g = new Float64Array(3);
    m.grad(thetaStar, g);
    expect(g[0]! ** 2 + g[1]! ** 2 + g[2]! ** 2).toBeCloseTo(lambdaStar, 8);
    expect(edgeOf(c).etaCritical).toBe(2 / lambdaStar);
  });

  it("round-trips both models and their presets through the URL", () => {
    for (const q of ["model=deep-linear&widths=2,3,1&input=1,-0.5", "model=tanh-chain&depth=4&input=0.7&target=-0.3"]) {
      for (const name of PRESETS) {
        const cfg = presetConfig(name, fromQuery(q));
        expect(fromQuery(serializeConfig(cfg))).toEqual(cfg);
        expect(cfg.theta0).toEqual(startOf(cfg));
      }
    }
  });

  it("switches model families keeping η/η_c, and back", () => {
    const d = { ...defaultConfig(), eta: 0.408 };
    for (const kind of ["deep-linear", "tanh-chain"] as const) {
      const s = switchModel(d, kind);
      expect(s.model).toBe(kind);
      expect(s.eta / edgeOf(s).etaCritical).toBeCloseTo(1.02, 5);
      const back = switchModel(s, "deep");
      expect(back.model).toBe("deep");
      expect(back.points).toBe(defaultConfig().points);
      expect(back.eta / edgeOf(back).etaCritical).toBeCloseTo(1.02, 5);
    }
  });

  it("patchConfig (handle.set) with another model brings that model's defaults, then the patch", () => {
    const t = patchConfig(defaultConfig(), { model: "tanh-chain" });
    expect([t.model, t.depth, t.input, t.target, t.theta0.length]).toEqual(["tanh-chain", 3, [1], 0.5, 3]);
    const l = patchConfig(defaultConfig(), { model: "deep-linear", target: 2 });
    expect([l.model, l.depth, l.target, l.theta0.length]).toEqual(["deep-linear", 32, 2, 32]);
    expect(l.eta / edgeOf(l).etaCritical).toBeCloseTo(1, 12);
  });

  it("falls back to the model's defaults on malformed widths or input", () => {
    const c = fromQuery("model=deep-linear&widths=3,0,1&input=1");
    expect(c.widths).toEqual([3, 4, 4, 1]);
    expect(c.input).toEqual([0.5, -1, 2]);
    expect(fromQuery("model=tanh-chain&input=0").input).toEqual([1]);
  });
});
