#!/usr/bin/env python3
"""SymPy/NumPy side of Nabla's symbolic benchmarks.

Runs ONE workload per process and prints one JSON line: {"workload", "seconds", "check"}.
SymPy caches results globally, so a fair measurement of "how long does this take" needs a fresh process for every
sample; bench/run starts this script once per sample. Import and expression construction are not timed; the
operation itself is. "check" is a number computed from the result (a value at a point) so the report can confirm
that both sides computed the same thing.
"""
import json
import sys
import time


def sandpit():
    import sympy as sp
    x, y = sp.symbols("x y")
    f = -((x - sp.Rational(41, 10)) ** 2 + (y - sp.Rational(9, 10)) ** 2) \
        - 30 * sp.exp(-((x - sp.Rational(3, 2)) ** 2 + (y - sp.Rational(37, 10)) ** 2) / sp.Rational(14, 5))
    return sp, x, y, f


def hessian_sandpit():
    sp, x, y, f = sandpit()
    t0 = time.perf_counter()
    h = sp.hessian(f, (x, y))
    seconds = time.perf_counter() - t0
    check = float(h[0, 1].subs({x: 1.0, y: 2.0}))
    return seconds, check


def diff10_exp_sin():
    import sympy as sp
    x = sp.symbols("x")
    f = sp.exp(sp.sin(x))
    t0 = time.perf_counter()
    d = sp.diff(f, x, 10)
    seconds = time.perf_counter() - t0
    return seconds, float(d.subs(x, 0.7))


def chain40():
    import sympy as sp
    xs = sp.symbols("x0:40")
    F = sum((xs[i] - xs[i + 1]) ** 2 * sp.exp(xs[i]) + sp.sin(xs[i] * xs[i + 1]) for i in range(39))
    return sp, xs, F


def gradient40():
    sp, xs, F = chain40()
    t0 = time.perf_counter()
    g = [sp.diff(F, v) for v in xs]
    seconds = time.perf_counter() - t0
    point = {v: 0.01 * (i + 1) for i, v in enumerate(xs)}
    return seconds, float(g[5].subs(point))


def hessian40():
    sp, xs, F = chain40()
    t0 = time.perf_counter()
    h = sp.hessian(F, xs)
    seconds = time.perf_counter() - t0
    point = {v: 0.01 * (i + 1) for i, v in enumerate(xs)}
    return seconds, float(h[5, 6].subs(point))


def compiled_gradient():
    import numpy as np
    sp, x, y, f = sandpit()
    grad = [sp.diff(f, x), sp.diff(f, y)]
    fn = sp.lambdify((x, y), grad, "numpy")
    n = 1_000_000
    rng = np.random.default_rng(1)
    xs = rng.uniform(-1, 6, n)
    ys = rng.uniform(-1, 6, n)
    fn(xs[:10], ys[:10])  # warm the generated function
    samples = []
    for _ in range(5):
        t0 = time.perf_counter()
        gx, gy = fn(xs, ys)
        samples.append(time.perf_counter() - t0)
    samples.sort()
    return samples[len(samples) // 2], float(fn(1.0, 2.0)[0])


def taylor10():
    import sympy as sp
    x = sp.symbols("x")
    f = sp.exp(sp.sin(x)) * sp.cos(x)
    t0 = time.perf_counter()
    s = sp.series(f, x, 0, 11).removeO()  # terms up to x^10: order 10
    seconds = time.perf_counter() - t0
    return seconds, float(s.subs(x, 0.3))


def vector20():
    import sympy as sp
    xs = sp.symbols("x0:20")
    fs = [xs[i] ** 2 * sp.sin(xs[(i + 1) % 20]) + sp.exp(xs[i] * xs[(i + 2) % 20]) for i in range(20)]
    return sp, xs, fs


def jacobian20():
    sp, xs, fs = vector20()
    t0 = time.perf_counter()
    j = sp.Matrix(fs).jacobian(xs)
    seconds = time.perf_counter() - t0
    point = {v: 0.05 * (i + 1) for i, v in enumerate(xs)}
    return seconds, float(j[3, 4].subs(point))


WORKLOADS = {
    "taylor10-exp-sin-cos": taylor10,
    "jacobian-20x20": jacobian20,
    "hessian-sandpit": hessian_sandpit,
    "diff10-exp-sin": diff10_exp_sin,
    "gradient-40": gradient40,
    "hessian-40": hessian40,
    "compiled-gradient-1e6": compiled_gradient,
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in WORKLOADS:
        print("usage: sympy_workloads.py <" + "|".join(WORKLOADS) + ">", file=sys.stderr)
        return 2
    name = sys.argv[1]
    seconds, check = WORKLOADS[name]()
    import sympy
    import numpy
    print(json.dumps({"workload": name, "seconds": seconds, "check": check,
                      "versions": {"sympy": sympy.__version__, "numpy": numpy.__version__}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
