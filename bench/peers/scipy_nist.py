#!/usr/bin/env python3
"""SciPy side of the NIST StRD non-linear benchmark (issue 6): scipy.optimize.curve_fit (Levenberg-Marquardt,
MINPACK) on all 27 problems from both certified starting vectors, with tight tolerances (ftol = xtol = gtol = 1e-15,
maxfev 100000) and finite-difference Jacobians (curve_fit's default), timing the whole suite (files parsed before the
clock starts). A run is "right" when every parameter agrees with the certified value to >= 6 significant digits and
every standard deviation to >= 4 — the same rule bench/Nabla.Benchmarks applies to Nabla.

Usage: scipy_nist.py DATASET_DIR  ->  {"workload": "nist-nonlinear-suite", "seconds", "check" (runs right), "runs", "right": [...]}
"""
import json
import resource
import math
import os
import re
import sys
import time
import warnings

import numpy as np
import scipy
from scipy.optimize import curve_fit


def parse(path):
    lines = open(path).read().splitlines()
    model_lines, in_model = [], False
    for line in lines:
        if line.startswith("Model:"):
            in_model = True
            continue
        if in_model:
            text = line.strip()
            if re.match(r"^(log\[y\]|y)\s*=", text) or (model_lines and text):
                model_lines.append(text)
                if text.endswith("+  e") or text.endswith("+ e") or re.search(r"\+\s*e\s*$", text):
                    break
    model = " ".join(model_lines)
    model = re.sub(r"\+\s*e\s*$", "", model).strip()
    log_y = model.startswith("log[y]")
    rhs = model.split("=", 1)[1]
    starts, certified, sds = [], [], []
    for line in lines:
        m = re.match(r"^\s*b(\d+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)", line)
        if m:
            starts.append((float(m.group(2)), float(m.group(3))))
            certified.append(float(m.group(4)))
            sds.append(float(m.group(5)))
    data_start = next(i for i, l in enumerate(lines) if l.startswith("Data:") and ("y" in l) and i > 40)
    header = lines[data_start].split()[1:]
    rows = [list(map(float, l.split())) for l in lines[data_start + 1:] if l.strip()]
    data = np.array(rows)
    return rhs, log_y, header, data, starts, certified, sds


def to_python(rhs, predictors):
    text = rhs.replace("[", "(").replace("]", ")")
    text = re.sub(r"\barctan\b", "np.arctan", text)
    text = re.sub(r"\bexp\b", "np.exp", text)
    text = re.sub(r"\bcos\b", "np.cos", text)
    text = re.sub(r"\bsin\b", "np.sin", text)
    text = re.sub(r"\blog\b", "np.log", text)
    text = re.sub(r"\bpi\b", "np.pi", text)
    args = ", ".join(predictors)
    body = re.sub(r"\bb(\d+)", lambda m: "b[" + str(int(m.group(1)) - 1) + "]", text)
    return eval("lambda X, *b: (lambda " + args + ": " + body + ")(*X)", {"np": np})


def digits(estimate, certified):
    if estimate == certified:
        return 15.0
    if not math.isfinite(estimate):
        return 0.0
    return max(0.0, min(15.0, -math.log10(abs(estimate - certified) / abs(certified))))


def main():
    folder = sys.argv[1]
    problems = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".dat"):
            continue
        rhs, log_y, header, data, starts, certified, sds = parse(os.path.join(folder, name))
        predictors = header[1:]
        f = to_python(rhs, predictors)
        y = np.log(data[:, 0]) if log_y else data[:, 0]
        x = data[:, 1:].T
        problems.append((name[:-4], f, x, y, starts, certified, sds))
    right = []
    t0 = time.perf_counter()
    outcomes = []
    for name, f, x, y, starts, certified, sds in problems:
        for s in range(2):
            p0 = [start[s] for start in starts]
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    p, cov = curve_fit(f, x, y, p0=p0, ftol=1e-15, xtol=1e-15, gtol=1e-15, maxfev=100000)
                outcomes.append((name, s + 1, p, np.sqrt(np.diag(cov))))
            except Exception:
                outcomes.append((name, s + 1, None, None))
    seconds = time.perf_counter() - t0
    for name, start, p, sd in outcomes:
        _, _, _, _, _, certified, sds = next(q for q in problems if q[0] == name)
        if p is None:
            continue
        dp = min(digits(a, b) for a, b in zip(p, certified))
        ds = min(digits(a, b) for a, b in zip(sd, sds))
        if dp >= 6 and ds >= 4:
            right.append(f"{name}/{start}")
    print(json.dumps({"workload": "nist-nonlinear-suite", "seconds": seconds, "check": len(right), "runs": len(outcomes),
                      "right": right, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "versions": {"scipy": scipy.__version__}}))


if __name__ == "__main__":
    main()
