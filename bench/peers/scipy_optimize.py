#!/usr/bin/env python3
"""SciPy side of Nabla's optimisation benchmarks (issue 5): the same problems, starts and tolerances as
bench/Nabla.Benchmarks/OptimizationBenchmarks.cs. Every SciPy call gets exact derivatives as NumPy functions (the
equivalent of Nabla's compiled symbolic derivatives), so both sides do the same mathematics.

Usage: scipy_optimize.py WORKLOAD  ->  {"workload", "seconds" (median), "iterations", "evaluations", "check", "versions"}
"""
import json
import sys
import time

import numpy as np
import scipy
from scipy import optimize


def rosen(p):
    x, y = p
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def rosen_grad(p):
    x, y = p
    return np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])


def rosen_hess(p):
    x, y = p
    return np.array([[2 - 400 * (y - x * x) + 800 * x * x, -400 * x], [-400 * x, 200.0]])


def roots_newton():
    result = optimize.newton(lambda x: x ** 3 - 2 * x - 5, 2.0, fprime=lambda x: 3 * x * x - 2, tol=1e-12,
                             maxiter=100, full_output=True)
    root, info = result
    return info.iterations, info.function_calls, root


def bfgs_rosenbrock():
    r = optimize.minimize(rosen, np.array([-1.2, 1.0]), jac=rosen_grad, method="BFGS", options={"gtol": 1e-8})
    return r.nit, r.nfev, r.x[0]


def newton_rosenbrock():
    r = optimize.minimize(rosen, np.array([-1.2, 1.0]), jac=rosen_grad, hess=rosen_hess, method="Newton-CG",
                          options={"xtol": 1e-12})
    return r.nit, r.nfev, r.x[0]


def slsqp_constrained():
    # min (x-1)^2 + (y-2)^2 subject to x + y <= 2; the answer is (0.5, 1.5).
    r = optimize.minimize(lambda p: (p[0] - 1) ** 2 + (p[1] - 2) ** 2, np.array([0.0, 0.0]),
                          jac=lambda p: np.array([2 * (p[0] - 1), 2 * (p[1] - 2)]), method="SLSQP",
                          constraints=[{"type": "ineq", "fun": lambda p: 2 - p[0] - p[1],
                                        "jac": lambda p: np.array([-1.0, -1.0])}],
                          options={"ftol": 1e-12})
    return r.nit, r.nfev, r.x[0]


def lagrange_multistart():
    # Extrema of xy on x^2 + y^2 = 1: grad L = 0 for L = xy - lam (x^2 + y^2 - 1), solved by scipy.optimize.root
    # (MINPACK hybrd, exact Jacobian) from 200 seeded uniform starts in [-10, 10]^2, lam from least squares at the
    # start (as Nabla does); distinct converged points kept. Check = points + max f - min f (5 when all four found).
    rng = np.random.default_rng(1)
    def F(v):
        x, y, lam = v
        return [y - 2 * lam * x, x - 2 * lam * y, x * x + y * y - 1]
    def J(v):
        x, y, lam = v
        return [[-2 * lam, 1, -2 * x], [1, -2 * lam, -2 * y], [2 * x, 2 * y, 0]]
    points, evaluations = [], 0
    for _ in range(200):
        x, y = rng.uniform(-10, 10, 2)
        g = np.array([2 * x, 2 * y])
        lam = float(np.dot(g, [y, x]) / max(np.dot(g, g), 1e-300))
        r = optimize.root(F, [x, y, lam], jac=J, method="hybr")
        evaluations += r.nfev
        if not r.success or np.max(np.abs(F(r.x))) > 1e-9 or np.max(np.abs(r.x[:2])) > 10:
            continue
        if all(np.max(np.abs(r.x[:2] - q)) > 1e-6 * (1 + np.max(np.abs(q))) for q in points):
            points.append(r.x[:2].copy())
    values = [q[0] * q[1] for q in points]
    return 200, evaluations, len(points) + max(values) - min(values)


WORKLOADS = {
    "lagrange-multistart": lagrange_multistart,
    "roots-newton": roots_newton,
    "minimize-bfgs-rosenbrock": bfgs_rosenbrock,
    "minimize-newton-rosenbrock": newton_rosenbrock,
    "constrained-slsqp": slsqp_constrained,
}


def main():
    name = sys.argv[1]
    run = WORKLOADS[name]
    iterations, evaluations, check = run()
    for _ in range(20):
        run()
    samples = []
    budget = time.perf_counter()
    while len(samples) < 5 or (len(samples) < 500 and time.perf_counter() - budget < 2):
        t0 = time.perf_counter()
        run()
        samples.append(time.perf_counter() - t0)
    samples.sort()
    print(json.dumps({"workload": name, "seconds": samples[len(samples) // 2], "min_seconds": samples[0],
                      "iterations": int(iterations), "evaluations": int(evaluations), "check": float(check),
                      "versions": {"scipy": scipy.__version__, "numpy": np.__version__}}))


if __name__ == "__main__":
    main()
