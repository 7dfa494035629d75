#!/usr/bin/env python3
"""Turns the samples collected by bench/run into docs/benchmarks.md and bench/results.json.

Input: a JSON-lines file; each line {"side": "peer"|"nabla", "workload", "seconds", "check", ...}.
Every figure in the report is a median over samples taken in the same run, peer and Nabla alternating, and every
comparison is a ratio (peer time / Nabla time), because absolute times on a shared 2-core machine are noisy.
"""
import json
import os
import platform
import statistics
import subprocess
import sys
from datetime import datetime, timezone

TARGETS = {
    "hessian-sandpit": (50, "Hessian of the Sandpit f(x, y) (symbolic)"),
    "diff10-exp-sin": (50, "10th derivative of exp(sin x) (symbolic)"),
    "gradient-40": (50, "gradient of F over 40 variables (symbolic)"),
    "hessian-40": (50, "Hessian of F over 40 variables (symbolic)"),
    "taylor10-exp-sin-cos": (100, "Taylor series of exp(sin x)·cos x about 0 to order 10 (symbolic)"),
    "jacobian-20x20": (50, "Jacobian of a 20×20 vector function fᵢ = xᵢ² sin(xᵢ₊₁) + exp(xᵢ xᵢ₊₂) (symbolic)"),
    "network-step": (20, "course network 1→6→7→2 (sigmoid, 100 samples): one forward + backward + update step (Nabla compiled reverse-mode AD vs explicit NumPy backprop)"),
    "network-step-explicit": (20, "the same course-network step on the explicit chain-rule kernel of issue 7 (fused, AVX-512: forward, gradients and update in one pass) vs explicit NumPy backprop"),
    "compiled-gradient-1e6": (3, "compiled gradient of the Sandpit f on 10^6 points (Nabla compiled delegate vs SymPy lambdify + NumPy)"),
    "roots-newton": (10, "Newton-Raphson root of x³ − 2x − 5 from 2, tol 1e-12 (scipy.optimize.newton with fprime)"),
    "minimize-bfgs-rosenbrock": (10, "Rosenbrock from (−1.2, 1) by BFGS, gtol 1e-8 (SciPy minimize BFGS, exact gradient)"),
    "minimize-newton-rosenbrock": (10, "Rosenbrock from (−1.2, 1) by Newton (SciPy minimize Newton-CG, exact Hessian)"),
    "constrained-slsqp": (10, "min (x−1)² + (y−2)² s.t. x + y ≤ 2 from (0, 0) (Nabla augmented Lagrangian vs SciPy SLSQP)"),
    "nist-nonlinear-suite": (10, "NIST StRD non-linear suite, 27 problems × 2 starts (SciPy curve_fit, tolerances 1e-15); check = runs right"),
    "course-net-train": (20, "course network long run: 50,000 noisy steepest-descent steps, aggression 7 (explicit NumPy backprop)"),
    "mlp-epoch": (0.8, "MLP 784→256→256→10, ReLU, float32, batch 128: one epoch of 60,000 synthetic samples (PyTorch 1.13)"),
    "lagrange-multistart": (10, "extrema of xy on the unit circle by Lagrange multipliers, 200 seeded starts (SciPy root/hybr on ∇L = 0 from 200 starts); check = points + max − min"),
    "nist-linear-suite": (1, "NIST StRD linear suite, 11 problems (NumPy lstsq); check = problems right to ≥ 7 digits"),
}

# Why a target is not met, when it is a known and accepted shortfall (shown beside the measured ratio).
REASONS = {
    "network-step": "the tape-based reverse mode replays ~20 small tensor ops (allocation-free, but each op is a call "
                    "with shape checks) on a 1→6→7→2 network where NumPy's hand-written backprop is 10 array "
                    "expressions; the explicit chain-rule kernel of issue 7 (next row) is the course's training path and meets the target",
    "nist-linear-suite": "Nabla fits in double-double QR (Fit.Polynomial forms the powers in double-double) to get all 11 "
                         "problems right to ≥ 7 digits where NumPy's lstsq gets 7; the suite takes milliseconds either way",
    "lagrange-multistart": "each Newton start on ∇L = 0 evaluates compiled symbolic derivatives and classifies every point "
                           "(projected Hessian eigenvalues); SciPy's MINPACK loop does only the root finding",
    "mlp-epoch": "float32 GEMM through the same OpenBLAS; the gap is the per-batch elementwise work (ReLU, softmax, SGD update)",
}

# Workloads whose check is a count of correct answers (more is better) rather than a value both sides must share.
COUNT_CHECKS = {"nist-nonlinear-suite", "nist-linear-suite"}
# Workloads whose sides draw different random numbers (noise, initial weights, data): the checks are the final
# costs, of the same size but not equal.
RANDOM_CHECKS = {"course-net-train", "mlp-epoch"}
# Workloads where the ratio target is a speed fraction (≥ 0.8 means "at most 1.25× the peer's time").
PEER_NAMES = {"roots-newton": "SciPy", "minimize-bfgs-rosenbrock": "SciPy", "minimize-newton-rosenbrock": "SciPy",
              "constrained-slsqp": "SciPy", "nist-nonlinear-suite": "SciPy", "mlp-epoch": "PyTorch",
              "lagrange-multistart": "SciPy", "nist-linear-suite": "NumPy"}

# The command that measures one workload (run from the repository root after bench/run has built the harness).
HARNESS = "dotnet bench/Nabla.Benchmarks/bin/Release/net10.0/Nabla.Benchmarks.dll"
PEER_COMMANDS = {
    "network-step": "bench/peers/numpy_network.py network-step", "network-step-explicit": "bench/peers/numpy_network.py network-step",
    "roots-newton": "bench/peers/scipy_optimize.py roots-newton", "minimize-bfgs-rosenbrock": "bench/peers/scipy_optimize.py minimize-bfgs-rosenbrock",
    "minimize-newton-rosenbrock": "bench/peers/scipy_optimize.py minimize-newton-rosenbrock",
    "constrained-slsqp": "bench/peers/scipy_optimize.py constrained-slsqp", "lagrange-multistart": "bench/peers/scipy_optimize.py lagrange-multistart",
    "nist-linear-suite": "bench/peers/numpy_linear.py ../shared/datasets/nist-strd/linear",
    "nist-nonlinear-suite": "bench/peers/scipy_nist.py ../shared/datasets/nist-strd/nonlinear",
    "course-net-train": "bench/peers/numpy_course_training.py", "mlp-epoch": "bench/peers/torch_mlp.py",
}


def peer_command(workload):
    return "/usr/bin/python3 " + PEER_COMMANDS.get(workload, f"bench/peers/sympy_workloads.py {workload}")


def cmd(args):
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:  # report generation must not fail on a missing tool
        return "unknown"


def write_svg(scaling, path):
    """A log-log line plot of time against size, one line per (series, side), drawn by hand (no plotting library)."""
    import math
    width, height, left, right, top, bottom = 720, 420, 70, 230, 20, 50
    series = [(kind, side, pts) for kind, sides in scaling.items() for side, pts in sides.items() if pts]
    xs = [size for _, _, pts in series for size in pts]
    ys = [t for _, _, pts in series for t in pts.values() if t > 0]
    if not xs or not ys:
        return
    x0, x1 = math.log10(min(xs)) - 0.05, math.log10(max(xs)) + 0.05
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    pw, ph = width - left - right, height - top - bottom
    def px(v):
        return left + (math.log10(v) - x0) / (x1 - x0) * pw
    def py(t):
        return top + (y1 - math.log10(t)) / (y1 - y0) * ph
    colours = {"chain-gradient": "#1f77b4", "chain-hessian": "#d62728", "diff-exp-sin": "#2ca02c", "taylor-exp-sin-cos": "#9467bd"}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           'font-family="DejaVu Sans, sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="{height - 10}">size (variables, or derivative/Taylor order), log scale</text>',
           f'<text x="14" y="{top + ph / 2}" transform="rotate(-90 14 {top + ph / 2})" text-anchor="middle">seconds, log scale</text>']
    for e in range(int(y0), int(y1) + 1):
        y = py(10 ** e)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">1e{e}</text>')
    for size in sorted(set(xs)):
        x = px(size)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + ph}" stroke="#eee"/>')
        out.append(f'<text x="{x:.1f}" y="{top + ph + 16}" text-anchor="middle">{size}</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#333"/>')
    for i, (kind, side, pts) in enumerate(series):
        colour = colours.get(kind, "#333")
        dash = ' stroke-dasharray="6 4"' if side == "peer" else ""
        coords = " ".join(f"{px(s):.1f},{py(t):.1f}" for s, t in sorted(pts.items()) if t > 0)
        out.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for s, t in sorted(pts.items()):
            if t > 0:
                out.append(f'<circle cx="{px(s):.1f}" cy="{py(t):.1f}" r="3" fill="{colour}"/>')
        ly = top + 14 + 18 * i
        out.append(f'<line x1="{left + pw + 12}" y1="{ly - 4}" x2="{left + pw + 40}" y2="{ly - 4}" stroke="{colour}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{left + pw + 46}" y="{ly}">{kind} ({"SymPy" if side == "peer" else "Nabla"})</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main(samples_path, markdown_path, json_path, mode, svg_path=None):
    rows = [json.loads(line) for line in open(samples_path) if line.strip()]
    by = {}
    versions = {}
    for r in rows:
        by.setdefault((r["workload"], r["side"]), []).append(r)
        versions.update(r.get("versions", {}))
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    machine = {
        "cpu": cpu,
        "cores": cmd(["nproc"]),
        "os": platform.platform(),
        "dotnet": cmd(["dotnet", "--version"]),
        "python": platform.python_version(),
        **versions,
    }
    results = []
    wrong = []
    for r in rows:
        if r.get("ok") is False and not r["workload"] in TARGETS:
            wrong.append(f"{r['workload']} {r.get('size', r.get('backend', ''))}: wrong answer")
    for workload, (target, description) in TARGETS.items():
        peer = by.get((workload, "peer"), [])
        nabla = by.get((workload, "nabla"), [])
        if not nabla:
            continue
        p = statistics.median(s["seconds"] for s in peer) if peer else None
        n = statistics.median(s["seconds"] for s in nabla)
        ratio = (p / n if n > 0 else float("inf")) if peer else None
        firsts = [s["first_seconds"] for s in nabla if "first_seconds" in s]
        first = statistics.median(firsts) if firsts else None
        pc = peer[0].get("check") if peer else None
        nc = nabla[0].get("check")
        right = all(x.get("ok", True) for x in nabla)
        if not right:
            wrong.append(f"{workload}: {next(x.get('oracle') for x in nabla if not x.get('ok', True))}")
        if not peer:
            agree = None
        elif workload in COUNT_CHECKS:
            agree = pc is not None and nc is not None and nc >= pc
        elif workload in RANDOM_CHECKS:
            agree = pc is not None and nc is not None and 0.2 <= nc / pc <= 5 if pc else False
        else:
            agree = pc is not None and nc is not None and abs(pc - nc) <= 1e-9 * max(1.0, abs(pc), abs(nc))
        if agree is False and workload not in RANDOM_CHECKS:
            wrong.append(f"{workload}: Nabla's check {nc!r} disagrees with the peer's {pc!r}")
        results.append({
            "workload": workload, "description": description,
            "peer_median_s": p, "nabla_median_s": n, "ratio": ratio,
            "target": target, "met": None if ratio is None else ratio >= target,
            "reason": REASONS.get(workload) if ratio is not None and ratio < target else None,
            "nabla_right": right, "oracle": nabla[0].get("oracle"),
            "peak_mb_peer": statistics.median(x["peak_mb"] for x in peer) if peer and all("peak_mb" in x for x in peer) else None,
            "peak_mb_nabla": statistics.median(x["peak_mb"] for x in nabla) if all("peak_mb" in x for x in nabla) else None,
            "nabla_first_call_s": first,
            "first_call_ratio": (p / first) if first and p else None,
            "peer_samples": len(peer), "nabla_samples": len(nabla),
            "check_peer": pc, "check_nabla": nc, "checks_agree": agree,
            "peer_iterations": peer[0].get("iterations") if peer else None, "nabla_iterations": nabla[0].get("iterations"),
            "peer_evaluations": peer[0].get("evaluations") if peer else None, "nabla_evaluations": nabla[0].get("evaluations"),
        })
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    with open(json_path, "w") as f:
        json.dump({"date": stamp, "mode": mode, "machine": machine, "results": results}, f, indent=2)
    def fmt(s):
        if s is None:
            return "–"
        return f"{s * 1e3:.3f} ms" if s < 1 else f"{s:.2f} s"
    quick_note = ([
        "",
        "**This is a `--quick` smoke run**: every Nabla answer was checked once against its oracle, but each timing is",
        "one short sample (often the first call, JIT included) and only a few peers ran: the ratios say nothing about",
        "speed. The committed docs/benchmarks.md comes from a full `bench/run`.",
    ] if mode == "quick" else [])
    lines = [
        "# Benchmarks",
        "",
        "Generated by `bench/run` — do not edit by hand; rerun it to refresh. Each figure is a median of samples",
        "taken in one run with the peer and Nabla alternating; the comparison is the ratio peer time / Nabla time,",
        "because absolute times on a shared 2-core machine are noisy. SymPy runs each sample in a fresh process",
        "(SymPy caches results, so a second call in the same process would measure a cache lookup); Nabla's",
        "samples are steady-state medians from the harness in `bench/Nabla.Benchmarks` (warm-up, then many",
        "iterations). The `check` columns are a value of the result at a fixed point, computed by each side, to",
        "show both computed the same thing. The last column is Nabla's first call in a fresh process (JIT",
        "compilation and an empty intern table included), compared with the same SymPy median.",
        "",
        "Every Nabla answer is also checked against an independent oracle that does not call Nabla (a closed form,",
        "Taylor-jet or finite-difference arithmetic in plain doubles, a certified NIST value, or a property such as",
        "\"the cost fell below 0.01\"; the list is in `bench/Nabla.Benchmarks/Oracles.cs` and under *How to reproduce*",
        "below). `bench/run` fails when an answer is wrong — never because it is slow — and so does `bench/run --quick`,",
        "which CI runs and which works without the Python peers installed.",
        *quick_note,
        "",
        f"- Date: {stamp} ({mode} run)",
        f"- Machine: {machine['cpu']}, {machine['cores']} cores, {machine['os']}",
        f"- .NET SDK {machine['dotnet']}; Python {machine['python']}; "
        + ", ".join(f"{k} {v}" for k, v in versions.items()),
        "",
        "| workload | peer median | Nabla median | ratio | target | met? | Nabla right (oracle) | checks agree | Nabla first call (ratio) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        if r["ratio"] is None:
            ratio_cells = "peer missing | ≥{}× | – | ".format(r["target"])
        else:
            ratio_cells = f"{r['ratio']:.1f}× | ≥{r['target']}× | {'yes' if r['met'] else '**no**'} | "
        if r["checks_agree"] is None:
            agree_cell = "– (peer missing) | "
        elif r["workload"] in COUNT_CHECKS:
            agree_cell = f"{'yes' if r['checks_agree'] else '**no**'} (right: peer {r['check_peer']:.0f}, Nabla {r['check_nabla']:.0f}) | "
        elif r["workload"] in RANDOM_CHECKS:
            agree_cell = (f"{'similar' if r['checks_agree'] else '**no**'} (final cost: peer {r['check_peer']:.3g}, "
                          f"Nabla {r['check_nabla']:.3g}; different random numbers) | ")
        else:
            agree_cell = f"{'yes' if r['checks_agree'] else '**no**'} | "
        first_cell = (f"{fmt(r['nabla_first_call_s'])} ({r['first_call_ratio']:.1f}×) |" if r["first_call_ratio"]
                      else f"{fmt(r['nabla_first_call_s'])} |" if r["nabla_first_call_s"] else "– |")
        lines.append(f"| {r['description']} | {fmt(r['peer_median_s'])} | {fmt(r['nabla_median_s'])} | " + ratio_cells
                     + ("yes | " if r["nabla_right"] else "**WRONG** | ") + agree_cell + first_cell)
    unmet = [r for r in results if r["met"] is False]
    if unmet:
        lines += ["", "## Targets not met", "",
                  "Each with the measured ratio and the reason (the target is the engine issue's).", "",
                  "| workload | measured | target | reason |", "|---|---|---|---|"]
        for r in unmet:
            lines.append(f"| {r['workload']} | {r['ratio']:.2f}× | ≥{r['target']}× | {r['reason'] or 'not analysed yet: noise on a shared machine, or a regression'} |")
    iterated = [r for r in results if r.get("peer_iterations") is not None and r.get("nabla_iterations") is not None]
    if iterated:
        lines += [
            "",
            "## Iterations (optimisation)",
            "",
            "The issue asks for iterations comparable to SciPy's or fewer. Counts from one solve on each side (SciPy's",
            "`nit`/`nfev`; Nabla's `Iterations`/`FunctionEvaluations` — Nabla's root finder also samples around the start",
            "to warn when Newton jumped past a nearer root, which its evaluation count includes).",
            "",
            "| workload | SciPy iterations | Nabla iterations | SciPy f evaluations | Nabla f evaluations |",
            "|---|---|---|---|---|",
        ]
        for r in iterated:
            lines.append(f"| {r['workload']} | {r['peer_iterations']} | {r['nabla_iterations']} | "
                         f"{r.get('peer_evaluations', '–')} | {r.get('nabla_evaluations', '–')} |")
    torch_rows = by.get(("network-step", "torch"), [])
    nabla_rows = by.get(("network-step", "nabla"), [])
    if torch_rows and nabla_rows:
        t = statistics.median(s["seconds"] for s in torch_rows)
        n = statistics.median(s["seconds"] for s in nabla_rows)
        tc = torch_rows[0].get("check")
        nc = nabla_rows[0].get("check")
        agree = tc is not None and nc is not None and abs(tc - nc) <= 1e-9 * max(1.0, abs(tc), abs(nc))
        lines += [
            "",
            "## The course network against PyTorch",
            "",
            "The same network step with the gradient from PyTorch's reverse-mode autograd (`loss.backward()`, float64,",
            "CPU) instead of NumPy's hand-written backprop: the peer for Nabla's reverse mode. No target of its own (the",
            "issue's target is against NumPy); listed so the two autodiff systems can be compared directly.",
            "",
            "| workload | PyTorch median | Nabla median | ratio | checks agree |",
            "|---|---|---|---|---|",
            f"| network step (1→6→7→2, 100 samples) | {fmt(t)} | {fmt(n)} | {t / n:.1f}× | {'yes' if agree else '**no**'} |",
        ]
        with open(json_path) as f:
            data = json.load(f)
        data["network_step_torch"] = {"torch_median_s": t, "nabla_median_s": n, "ratio": t / n, "checks_agree": agree}
        with open(json_path, "w") as f:
            json.dump(data, f, indent=2)
    gemm = {}
    for r in rows:
        if r["workload"].startswith("gemm-"):
            gemm.setdefault(r["workload"], {}).setdefault(r["side"], []).append(r["seconds"])
    gemm_results = []
    if gemm:
        lines += [
            "",
            "## GEMM (C = A·B, square, row-major)",
            "",
            "NumPy's matmul (OpenBLAS) against Nabla's managed SIMD kernel and Nabla's system-BLAS path, run in turn;",
            "GFLOP/s = 2n³ / median time, and throughput as a fraction of NumPy's (NumPy time / Nabla time). Targets:",
            "managed ≥ 50 %, system BLAS ≥ 90 %. Every product is checked on 64 sampled entries against a plain dot product.",
            "",
            "| workload | NumPy (GFLOP/s) | managed (GFLOP/s) | managed % of NumPy (≥50 %) | system BLAS (GFLOP/s) | BLAS % of NumPy (≥90 %) |",
            "|---|---|---|---|---|---|",
        ]
        def order(name):
            parts = name.split("-")
            return (parts[1], int(parts[2]))
        for workload in sorted(gemm, key=order):
            sides = gemm[workload]
            n = int(workload.split("-")[2])
            p = statistics.median(sides["peer"]) if "peer" in sides else None
            m = statistics.median(sides["nabla-managed"]) if "nabla-managed" in sides else None
            b = statistics.median(sides["nabla-blas"]) if "nabla-blas" in sides else None
            mp = p / m if m and p else None
            bp = p / b if b and p else None
            gemm_results.append({"workload": workload, "numpy_s": p, "managed_s": m, "blas_s": b,
                                 "numpy_gflops": 2 * n ** 3 / p / 1e9 if p else None,
                                 "managed_gflops": 2 * n ** 3 / m / 1e9 if m else None,
                                 "blas_gflops": 2 * n ** 3 / b / 1e9 if b else None,
                                 "managed_fraction": mp, "blas_fraction": bp,
                                 "managed_met": mp is not None and mp >= 0.5, "blas_met": bp is not None and bp >= 0.9})
            def pct(x, target):
                return "– (peer missing)" if x is None else f"{x * 100:.0f} % ({'yes' if x >= target else '**no**'})"
            def cell(t):
                return "–" if t is None else f"{fmt(t)} ({2 * n ** 3 / t / 1e9:.1f})"
            lines.append(f"| {workload} | {cell(p)} | {cell(m)} | {pct(mp, 0.5)} | {cell(b)} | {pct(bp, 0.9)} |")
        with open(json_path) as f:
            data = json.load(f)
        data["gemm"] = gemm_results
        with open(json_path, "w") as f:
            json.dump(data, f, indent=2)
        missed = [g for g in gemm_results if (g["managed_fraction"] is not None and not g["managed_met"])
                  or (g["blas_fraction"] is not None and not g["blas_met"])]
        if missed:
            lines += ["", "Targets not met in this run: " + ", ".join(
                f"{g['workload']} ({'managed ' + format(g['managed_fraction'] * 100, '.0f') + ' %' if not g['managed_met'] else 'BLAS ' + format(g['blas_fraction'] * 100, '.0f') + ' %'})"
                for g in missed) + ". Reason: the system-BLAS path calls the same OpenBLAS routine (`cblas_dgemm`/`cblas_sgemm`",
                "from libopenblas0-pthread) that NumPy calls, so its fraction measures the two runs' difference in machine",
                "state, not code: each size is timed in only two rounds (GEMM at 2048 is seconds per sample), seconds apart,",
                "on a shared 2-core machine. Earlier full runs measured 94–122 % on every BLAS size. To check one size alone:",
                f"`{HARNESS} --gemm-compare 1024` beside `/usr/bin/python3 bench/peers/numpy_gemm.py 1024`."]
    throughput = {"grading": ("grading: validate + mark + feedback calls per second on typical answers (in-process, both cores)", "calls/s", 2000),
                  "cli-batch-diff": ("`nabla batch`: diff requests of typical course expressions per second (one process, in-process streams)", "requests/s", 20000)}
    throughput_results = []
    for workload, (description, unit, target) in throughput.items():
        samples = by.get((workload, "nabla"), [])
        if not samples:
            continue
        per_run = samples[0].get("operations")
        if not per_run:
            continue
        median = statistics.median(s["seconds"] for s in samples)
        best = min(s.get("min_seconds", s["seconds"]) for s in samples)
        rate, best_rate = per_run / median, per_run / best
        throughput_results.append({"workload": workload, "description": description, "unit": unit, "target": target,
                                   "median_rate": rate, "best_rate": best_rate, "met": rate >= target})
    if throughput_results:
        lines += [
            "",
            "## Throughput (no peer)",
            "",
            "Operations per second measured by the harness (median and best of the timed runs); the target is the issue's.",
            "",
            "| workload | median | best | target | met? |",
            "|---|---|---|---|---|",
        ]
        for t in throughput_results:
            lines.append(f"| {t['description']} | {t['median_rate']:,.0f} {t['unit']} | {t['best_rate']:,.0f} {t['unit']} | "
                         f"≥{t['target']:,} {t['unit']} | {'yes' if t['met'] else '**no**'} |")
        with open(json_path) as f:
            data = json.load(f)
        data["throughput"] = throughput_results
        with open(json_path, "w") as f:
            json.dump(data, f, indent=2)
    extra = {}
    memory = [r for r in results if r["workload"] in ("mlp-epoch", "nist-nonlinear-suite") and r["peak_mb_nabla"] is not None]
    if memory:
        lines += ["", "## Memory (peak working set)", "",
                  "Peak resident memory of a fresh process that did nothing but the workload (warm-up and every timed sample",
                  "included): Nabla's `Process.PeakWorkingSet64` (the runtime and JIT included), the peer's `ru_maxrss`",
                  "(the Python interpreter and the imported libraries included). Medians over the rounds.", "",
                  "| workload | peer peak | Nabla peak | Nabla / peer |", "|---|---|---|---|"]
        for r in memory:
            pm, nm = r["peak_mb_peer"], r["peak_mb_nabla"]
            lines.append(f"| {r['workload']} | {'–' if pm is None else f'{pm:.0f} MB'} | {nm:.0f} MB | "
                         f"{'–' if pm is None else f'{nm / pm:.2f}'} |")
        extra["memory"] = [{"workload": r["workload"], "peer_peak_mb": r["peak_mb_peer"], "nabla_peak_mb": r["peak_mb_nabla"]} for r in memory]
    scaling = {}
    timed_out = {}
    for r in rows:
        if r["workload"].startswith("scaling-"):
            if r.get("timed_out"):
                timed_out[(r["workload"][len("scaling-"):], r["size"])] = r["seconds"]
                continue
            scaling.setdefault(r["workload"][len("scaling-"):], {}).setdefault(r["side"], {})[r["size"]] = r["seconds"]
    if scaling:
        lines += ["", "## Scaling", "",
                  "How each symbolic workload's time grows with its size: the chain function F = Σ (xᵢ − xᵢ₊₁)²eˣⁱ + sin(xᵢxᵢ₊₁)",
                  "over n variables (full gradient; full n×n Hessian), the k-th derivative of exp(sin x), and the order-k Taylor",
                  "series of exp(sin x)·cos x about 0. SymPy: one fresh process per point (stopped at the run's --peer-timeout). Nabla: median in one",
                  "process. Every Nabla point is checked against its oracle. The growth column is time(largest)/time(smallest).", ""]
        if svg_path:
            write_svg(scaling, svg_path)
            lines += [f"![Scaling of the symbolic workloads, log-log]({os.path.relpath(svg_path, os.path.dirname(markdown_path))})", ""]
        lines += ["| series | size | SymPy | Nabla | ratio |", "|---|---|---|---|---|"]
        extra["scaling"] = []
        for kind, sides in scaling.items():
            for size in sorted(sides.get("nabla", {})):
                n = sides["nabla"][size]
                p = sides.get("peer", {}).get(size)
                if (kind, size) in timed_out:
                    limit = timed_out[(kind, size)]
                    lines.append(f"| {kind} | {size} | > {limit:g} s (stopped) | {fmt(n)} | > {limit / n:.0f}× |")
                else:
                    lines.append(f"| {kind} | {size} | {fmt(p) if p else '–'} | {fmt(n)} | {f'{p / n:.0f}×' if p else '–'} |")
                extra["scaling"].append({"series": kind, "size": size, "peer_s": p, "nabla_s": n, "peer_stopped_after_s": timed_out.get((kind, size))})
            for side_name, label in (("peer", "SymPy"), ("nabla", "Nabla")):
                pts = sides.get(side_name, {})
                if len(pts) >= 2:
                    lo, hi = min(pts), max(pts)
                    lines.append(f"| {kind}: {label} growth {lo}→{hi} | | | | {pts[hi] / pts[lo]:.0f}× |")
    web = [r for r in rows if r["workload"].startswith("web-check")]
    if web:
        lines += ["", "## Web: the answer check under load", "",
                  "`POST /api/exercises/m1-power-rule-monomial/check` with the right answer (seed 42, `32x^7`) against the Release",
                  "build of src/Nabla.Web in local mode (temporary progress database via `Nabla__ProgressDatabase`, temporary",
                  "`NABLA_DATA_DIR`), on 127.0.0.1, client and server sharing the machine's cores. Closed loop (wrk, or the",
                  "in-repo client: a fixed number of requests in flight) gives the peak rate; open loop (the in-repo client",
                  "`--load --rate R`: request i is sent at i/R s whatever happened before, latency counted from that moment)",
                  "is the honest test of a fixed offered load. Every check is recorded (one learner, as in local mode).",
                  "Target: ≥ 2,000 checks/s with p99 < 50 ms; at 2× that offered load no errors (overload answers 429/503, not",
                  "failures or timeouts). Errors = other statuses, connection failures, timeouts and wrong verdicts.", "",
                  "| run | checks/s | p50 | p99 | max | shed (429/503) | errors | target |", "|---|---|---|---|---|---|---|---|"]
        extra["web"] = []
        for r in web:
            rate = r.get("offered_rate") or 0
            if r["workload"] == "web-check-open" and rate >= 3000:
                met = r["errors"] == 0
                target = f"no errors at {rate:,.0f}/s: {'yes' if met else '**no**'}"
            elif r["workload"] == "web-check-open":
                met = r["checks_per_second"] >= 0.97 * rate and rate >= 2000 and r["p99_ms"] < 50 and r["errors"] == 0
                target = f"≥2,000/s, p99 < 50 ms: {'yes' if met else '**no**'}" if rate >= 2000 else "smoke run"
            else:
                met = r["checks_per_second"] >= 2000 and r["p99_ms"] < 50 and r["errors"] == 0
                target = f"≥2,000/s, p99 < 50 ms: {'yes' if met else '**no**'}"
            lines.append(f"| {r['mode']} | {r['checks_per_second']:,.0f} | {r['p50_ms']:.1f} ms | {r['p99_ms']:.1f} ms | "
                         f"{r['max_ms']:.0f} ms | {r.get('shed', 0)} | {r['errors']} | {target} |")
            extra["web"].append({**{k: v for k, v in r.items() if k != "side"}, "met": met})
            if r.get("wrong_verdicts"):
                wrong.append(f"{r['workload']}: {r['wrong_verdicts']} wrong verdicts for the right answer")
        if any(not w["met"] for w in extra["web"]):
            lines += ["", "Not met on this run. Checks are recorded by group commit (one writer, one SQLite transaction for",
                      "every check waiting, see [reliability-load.md](reliability-load.md)), so the progress store is no longer",
                      "the bottleneck: about 1 ms of server CPU per check goes to the ASP.NET Core pipeline (antiforgery, JSON,",
                      "thread-pool scheduling, GC), with grading and the batched write about 5 % each. On 2 shared cores that",
                      "caps the rate near 1,000-1,400 checks/s; past it the server sheds with 503 + Retry-After, never a time-out."]
    if extra:
        with open(json_path) as f:
            data = json.load(f)
        data.update(extra)
        with open(json_path, "w") as f:
            json.dump(data, f, indent=2)
    lines += [
        "",
        "## How to reproduce",
        "",
        "Everything: `bench/run` (full, ~30 minutes; writes this page, docs/images/bench-scaling.svg and",
        "bench/results.json) or `bench/run --quick` (every answer checked, short timings, writes bench/.quick/; fails",
        "only when an answer is wrong). Neither installs anything; the peers are Debian's",
        "`apt-get install -y python3-sympy python3-numpy python3-scipy python3-torch libopenblas0-pthread` and the",
        "closed-loop web figure uses `wrk` when present (`apt-get install -y wrk`). Run from the repository root; the",
        "NIST files are read from `../shared/datasets/nist-strd/`. One number at a time, after `dotnet build",
        "bench/Nabla.Benchmarks -c Release` (each command prints one JSON line: median seconds, check, oracle verdict):",
        "",
        "| workload | Nabla | peer | Nabla's oracle |",
        "|---|---|---|---|",
    ]
    from_rows = {r["workload"]: r.get("oracle") for r in rows if r.get("side") == "nabla" and r.get("oracle")}
    for workload in TARGETS:
        lines.append(f"| {workload} | `{HARNESS} --workload {workload}` | `{peer_command(workload)}` | {from_rows.get(workload, '')} |")
    for workload in ("grading", "cli-batch-diff"):
        lines.append(f"| {workload} | `{HARNESS} --workload {workload}` | – | {from_rows.get(workload, '')} |")
    lines += [
        f"| GEMM | `{HARNESS} --gemm-compare 256 1024 2048` | `/usr/bin/python3 bench/peers/numpy_gemm.py 256 1024 2048` | 64 entries against a plain dot product |",
        f"| scaling | `{HARNESS} --scaling 1` | `/usr/bin/python3 bench/peers/sympy_scaling.py chain-hessian 80` (one point) | hand-derived entries, Taylor jets |",
        f"| every answer once | `{HARNESS} --verify` | – | all of the above |",
        f"| web (open loop) | start the server as bench/run does (`start_web`), then `{HARNESS} --load --url http://127.0.0.1:PORT --rate 2000 --seconds 15` | – | every answer must be `\"correct\":true` |",
        "| web (closed loop) | `NABLA_COOKIE=… NABLA_TOKEN=… wrk -t2 -c32 -d15s --timeout 10s --latency -s bench/web/check.lua http://127.0.0.1:PORT` (cookie and token from `GET /api/session`) | – | – |",
        "",
        "The BenchmarkDotNet suite with allocation figures: `dotnet run -c Release --project bench/Nabla.Benchmarks -- --filter '*'`.",
        "",
    ]
    with open(markdown_path, "w") as f:
        f.write("\n".join(lines))
    if wrong:
        for w in wrong:
            print(f"WRONG: {w}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "full",
                  sys.argv[5] if len(sys.argv) > 5 else None))
