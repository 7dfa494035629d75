#!/usr/bin/env python3
"""NumPy side of the NIST StRD linear suite: numpy.linalg.lstsq on each problem's design matrix (powers of x for
the polynomial problems, no intercept for NoInt1/2), standard deviations from s²(XᵀX)⁻¹. Check = the number of the
11 problems whose every parameter and standard deviation has >= 7 significant digits of the certified value (the
rule of bench/Nabla.Benchmarks/NistBenchmarks.cs). Prints one JSON line; peak_mb is this process's ru_maxrss.
"""
import glob
import json
import math
import os
import re
import resource
import sys
import time

import numpy as np


def digits(estimate, certified):
    if estimate == certified:
        return 15
    if not math.isfinite(estimate):
        return 0
    error = abs(estimate) if certified == 0 else abs(estimate - certified) / abs(certified)
    return min(15, -math.log10(error)) if error > 0 else 15


def read(path):
    lines = open(path).read().split("\n")
    text = "\n".join(lines)
    first, last = map(int, re.search(r"Data\s+\(lines (\d+) to (\d+)\)", text).groups())
    cert, sds = [], []
    for line in lines:
        m = re.match(r"^\s*B(\d+)\s+(\S+)\s+(\S+)\s*$", line)
        if m:
            cert.append(float(m.group(2)))
            sds.append(float(m.group(3)))
    no_intercept = "y = B1*x + e" in text
    polynomial = "(x**2)" in text or no_intercept or "y = B0 + B1*x + e" in text
    rows = np.array([[float(v) for v in l.split()] for l in lines[first - 1:last]])
    y, xs = rows[:, 0], rows[:, 1:]
    k = len(cert)
    if no_intercept:
        X = xs[:, :1]
    elif polynomial:
        X = np.vander(xs[:, 0], k, increasing=True)
    else:
        X = np.column_stack([np.ones(len(y)), xs])
    return X, y, np.array(cert), np.array(sds)


def fit(X, y):
    beta, _, _, _ = np.linalg.lstsq(X, y, rcond=None)
    r = y - X @ beta
    dof = len(y) - X.shape[1]
    s2 = (r @ r) / dof
    cov = s2 * np.linalg.pinv(X.T @ X)
    return beta, np.sqrt(np.diag(cov))


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "../shared/datasets/nist-strd/linear"
    problems = [(os.path.basename(p)[:-4], *read(p)) for p in sorted(glob.glob(os.path.join(folder, "*.dat")))]
    def suite():
        return [(name, *fit(X, y), cert, sds) for name, X, y, cert, sds in problems]
    outcomes = suite()
    samples = []
    budget = time.perf_counter()
    while len(samples) < 5 or (len(samples) < 500 and time.perf_counter() - budget < 2):
        t0 = time.perf_counter()
        suite()
        samples.append(time.perf_counter() - t0)
    samples.sort()
    right = [name for name, beta, sd, cert, sds in outcomes
             if min(digits(a, b) for a, b in zip(beta, cert)) >= 7 and min(digits(a, b) for a, b in zip(sd, sds)) >= 7]
    print(json.dumps({"workload": "nist-linear-suite", "seconds": samples[len(samples) // 2], "min_seconds": samples[0],
                      "check": len(right), "right": right,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "versions": {"numpy": np.__version__}}))


if __name__ == "__main__":
    main()
