"""Hand-run numpy reference for the gd-linear benchmark (never used by tests).

The same loop as eoslab's whole-trajectory gd-linear: per step r = Xθ − y,
loss = ½ r·r, θ ← θ − η Xᵀr, with X uniform in [−1, 1), η = 1/‖X‖_F², θ₀ = 0.
Prints steps/s (median, min, max over 7 timed runs after a warm-up) per size.

    python3 bench/numpy_gd.py                       # BLAS threads as configured
    OPENBLAS_NUM_THREADS=1 python3 bench/numpy_gd.py  # single-threaded
"""
import os
import sys
import time

import numpy as np

SIZES = [(50, 200, 20000), (1000, 4000, 20)]


def run(X, y, eta, steps):
    theta = np.zeros(X.shape[1])
    loss = 0.0
    for _ in range(steps):
        r = X @ theta - y
        loss = 0.5 * (r @ r)
        theta -= eta * (X.T @ r)
    return loss + theta[0]


def main():
    rng = np.random.default_rng(12345)
    sink = 0.0
    print(f"numpy {np.__version__}, OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}")
    for n, d, steps in SIZES:
        X = rng.uniform(-1, 1, size=(n, d))
        y = rng.uniform(-1, 1, size=n)
        eta = 1.0 / np.sum(X * X)
        sink += run(X, y, eta, max(1, steps // 10))  # warm-up
        rates = []
        for _ in range(7):
            t0 = time.perf_counter()
            sink += run(X, y, eta, steps)
            rates.append(steps / (time.perf_counter() - t0))
        rates.sort()
        print(f"gd-linear {n}x{d} numpy: median {rates[3]:.4g} steps/s (min {rates[0]:.4g}, max {rates[-1]:.4g}), "
              f"{rates[3] * 4 * n * d / 1e9:.2f} GFLOP/s")
    print(f"checksum {sink:.6g}", file=sys.stderr)


if __name__ == "__main__":
    main()
