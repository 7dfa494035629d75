#!/usr/bin/env python3
"""SymPy side of the scaling table: ONE point per process (SymPy caches), one JSON line.

usage: sympy_scaling.py KIND SIZE with KIND one of chain-gradient, chain-hessian (SIZE variables), diff-exp-sin,
taylor-exp-sin-cos (SIZE = order). Same functions, points and check values as bench/Nabla.Benchmarks/Scaling.cs.
"""
import json
import sys
import time

import sympy as sp


def chain(n):
    xs = sp.symbols(f"x0:{n}")
    F = sum((xs[i] - xs[i + 1]) ** 2 * sp.exp(xs[i]) + sp.sin(xs[i] * xs[i + 1]) for i in range(n - 1))
    return xs, F, {v: 0.01 * (i + 1) for i, v in enumerate(xs)}


def run(kind, size):
    x = sp.symbols("x")
    if kind == "chain-gradient":
        xs, F, point = chain(size)
        t0 = time.perf_counter()
        g = [sp.diff(F, v) for v in xs]
        return time.perf_counter() - t0, float(g[5].subs(point))
    if kind == "chain-hessian":
        xs, F, point = chain(size)
        t0 = time.perf_counter()
        h = sp.hessian(F, xs)
        return time.perf_counter() - t0, float(h[5, 6].subs(point))
    if kind == "diff-exp-sin":
        f = sp.exp(sp.sin(x))
        t0 = time.perf_counter()
        d = sp.diff(f, x, size)
        return time.perf_counter() - t0, float(d.subs(x, 0.7))
    if kind == "taylor-exp-sin-cos":
        f = sp.exp(sp.sin(x)) * sp.cos(x)
        t0 = time.perf_counter()
        s = sp.series(f, x, 0, size + 1).removeO()
        return time.perf_counter() - t0, float(s.subs(x, 0.3))
    raise SystemExit(f"unknown kind {kind}")


def main():
    kind, size = sys.argv[1], int(sys.argv[2])
    seconds, check = run(kind, size)
    print(json.dumps({"workload": f"scaling-{kind}", "size": size, "seconds": seconds, "check": check, "side": "peer",
                      "versions": {"sympy": sp.__version__}}))


if __name__ == "__main__":
    main()
