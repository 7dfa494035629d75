#!/usr/bin/env python3
"""NumPy side of Nabla's GEMM benchmark: C = A @ B for square matrices.

Prints one JSON line per size and precision: {"workload": "gemm-f64-1024", "seconds": <median>, "gflops": ...,
"runs": n, "blas": "<library numpy uses>"}. Matrices are built once per workload and not timed; each run times
one matmul into a preallocated output (np.matmul(..., out=c)), like Nabla's beta = 0 call. Thread count is left to
OpenBLAS (OPENBLAS_NUM_THREADS / OMP_NUM_THREADS if set), as it is for Nabla's BLAS path.

Usage: /usr/bin/python3 bench/peers/numpy_gemm.py [sizes...]   (default 256 1024 2048)
"""
import json
import statistics
import sys
import time

import numpy as np


def blas_name():
    """The BLAS shared object NumPy actually loaded (Debian links libblas.so.3, which alternatives may point at
    OpenBLAS): read from /proc/self/maps after a matmul, falling back to NumPy's build configuration."""
    np.ones((2, 2)) @ np.ones((2, 2))
    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps if "blas" in line.lower() and "lapack" not in line.lower() and "/" in line})
        if paths:
            return ", ".join(paths)
    except OSError:
        pass
    try:
        return ", ".join(np.__config__.get_info("blas_opt_info").get("libraries", [])) or "unknown"
    except Exception:
        return "unknown"


def measure(size, dtype):
    rng = np.random.default_rng(42)
    a = (rng.random((size, size)) - 0.5).astype(dtype)
    b = (rng.random((size, size)) - 0.5).astype(dtype)
    c = np.empty((size, size), dtype=dtype)
    np.matmul(a, b, out=c)  # warm-up: thread pool start, page faults
    runs = 30 if size <= 256 else 7 if size <= 1024 else 5
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        np.matmul(a, b, out=c)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), runs


def main():
    sizes = [int(s) for s in sys.argv[1:]] or [256, 1024, 2048]
    blas = blas_name()
    for size in sizes:
        for name, dtype in (("f32", np.float32), ("f64", np.float64)):
            seconds, runs = measure(size, dtype)
            print(json.dumps({
                "workload": f"gemm-{name}-{size}",
                "seconds": seconds,
                "gflops": 2.0 * size ** 3 / seconds / 1e9,
                "runs": runs,
                "blas": blas,
            }), flush=True)


if __name__ == "__main__":
    main()
