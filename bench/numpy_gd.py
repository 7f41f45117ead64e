"""numpy reference for the gd-linear benchmarks: run by hand, or by bench/table.mjs (never by tests).

gd-linear, the same loop as eoslab's parameter-space gdLinearRun: per step r = Xθ − y, loss = ½ r·r,
θ ← θ − η Xᵀr. gd-linear-residual, the same trick as linearResidualRun: K = XXᵀ built outside the timing,
r ← r − η K r per step, θ rebuilt once at the end (θ = θ₀ − η Xᵀ Σ r). X, y uniform in [−1, 1),
η = 1/‖X‖_F², θ₀ = 0. Timed in CPU time (time.process_time, so time descheduled on a busy machine does
not count; with one BLAS thread that is the run's own time); 7 timed runs after a warm-up (--runs N), median (min, max).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 python3 bench/numpy_gd.py
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 python3 bench/numpy_gd.py --large   # adds 2000x8000

(OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, when set, can pin OpenBLAS to an older kernel; unset, it picks its best
kernel for the CPU, which the first line prints.)

--json prints JSON lines for bench/table.mjs instead of text: {"kind": "header", "numpy", "openblasCore",
"openblasThreads", "openblasCoretype"}, then one {"kind": "row", "name", "size", "rates", "flopsPerStep"} per case
and size (rates: every timed run's steps/s), then {"kind": "end", "checksum"}; a run that stops has no end line.
"""
import ctypes
import glob
import json
import math
import os
import sys
import time

import numpy as np

# (n, d, parameter steps per run, residual steps per run): about 0.05–0.5 s per run.
SIZES = [(50, 200, 20000, 40000), (200, 1000, 1000, 2500), (1000, 4000, 20, 100)]
LARGE = [(2000, 8000, 5, 50)]


def corename():
    libs = os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs")
    for f in glob.glob(os.path.join(libs, "*openblas*")):
        lib = ctypes.CDLL(f)
        for name in ("scipy_openblas_get_corename64_", "openblas_get_corename64_", "openblas_get_corename"):
            fn = getattr(lib, name, None)
            if fn is not None:
                fn.restype = ctypes.c_char_p
                return fn().decode()
    return "unknown"


def lcg(count, seed):
    """The bench cases' LCG in [−1, 1) (src/bench/cases/gd-linear.ts), so the data are the same."""
    out = np.empty(count)
    s = seed
    for i in range(count):
        s = (s * 1664525 + 1013904223) & 0xFFFFFFFF
        out[i] = s / 2**31 - 1
    return out


def run_parameter(X, y, eta, steps):
    theta = np.zeros(X.shape[1])
    loss = 0.0
    for _ in range(steps):
        r = X @ theta - y
        loss = 0.5 * (r @ r)
        theta -= eta * (X.T @ r)
    return loss + theta[0]


def run_residual(X, K, y, eta, steps):
    r = X @ np.zeros(X.shape[1]) - y  # r₀ = Xθ₀ − y, computed as the core does
    acc = np.zeros_like(r)
    loss = 0.0
    for _ in range(steps):
        loss = 0.5 * (r @ r)
        acc += r
        r -= eta * (K @ r)
    theta = -eta * (X.T @ acc)
    return loss + theta[0]


def timed(fn, steps, runs):
    fn(max(1, steps // 10))  # warm-up
    rates = []
    for _ in range(runs):
        t0 = time.process_time()
        fn(steps)
        rates.append(steps / (time.process_time() - t0))
    rates.sort()
    return rates


def emit(obj):
    print(json.dumps(obj), flush=True)


def main():
    args = sys.argv[1:]
    as_json = "--json" in args
    runs = 7
    if "--runs" in args:
        i = args.index("--runs")
        try:
            runs = int(args[i + 1])
        except (IndexError, ValueError):
            runs = 0
        if runs < 1 or runs > 1000:
            sys.exit("numpy_gd.py: --runs needs an integer from 1 to 1000")
    unknown = [a for a in args if a.startswith("--") and a not in ("--json", "--large", "--runs")]
    if unknown:
        sys.exit(f"numpy_gd.py: unknown option {unknown[0]} (known: --large, --runs N, --json)")
    sizes = SIZES + (LARGE if "--large" in args else [])
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
    coretype = os.environ.get("OPENBLAS_CORETYPE", "unset")
    if as_json:
        emit({"kind": "header", "numpy": np.__version__, "openblasCore": corename(), "openblasThreads": threads,
              "openblasCoretype": coretype})
    else:
        print(f"numpy {np.__version__}, OpenBLAS core {corename()}, OPENBLAS_NUM_THREADS={threads}, "
              f"OPENBLAS_CORETYPE={coretype}")
    sink = 0.0
    for n, d, steps, rsteps in sizes:
        X = lcg(n * d, 12345).reshape(n, d)
        y = lcg(n, 678)
        eta = 1.0 / np.sum(X * X)
        res = []
        rates = timed(lambda s: run_parameter(X, y, eta, s), steps, runs)
        res.append(("gd-linear", rates, 4 * n * d))
        K = X @ X.T
        rates = timed(lambda s: run_residual(X, K, y, eta, s), rsteps, runs)
        res.append(("gd-linear-residual", rates, 2 * n * n))
        for name, rates, flops in res:
            if as_json:
                emit({"kind": "row", "name": name, "size": f"{n}x{d}", "rates": rates, "flopsPerStep": flops})
                continue
            med = rates[len(rates) // 2] if len(rates) % 2 else (rates[len(rates) // 2 - 1] + rates[len(rates) // 2]) / 2
            print(f"{name} {n}x{d} numpy: median {med:.4g} steps/s (min {rates[0]:.4g}, max {rates[-1]:.4g}), "
                  f"{med * flops / 1e9:.2f} GFLOP/s")
        sink += run_parameter(X, y, eta, 1)
    if as_json:
        emit({"kind": "end", "checksum": sink if math.isfinite(sink) else None})
    else:
        print(f"checksum {sink:.6g}", file=sys.stderr)


if __name__ == "__main__":
    main()
