#!/usr/bin/env python3
"""NumPy side of the course-network benchmark (issue 4): the network 1 -> 6 -> 7 -> 2 of the course's
neural-network assignment, sigmoid on every layer, 100 samples, cost C = ||a3 - y||^2 / n, explicit backprop
(the multivariate chain rule written out, as in the course). Times one forward + backward + SGD update from fixed
weights and prints {"workload": "network-step", "seconds": <median>, "check": <cost after one step>}.
Weights and data are closed-form (no RNG) so bench/Nabla.Benchmarks/NetworkBenchmarks.cs builds the same ones.
"""
import json
import math
import time

import numpy as np

SIZES = [1, 6, 7, 2]
N = 100
RATE = 0.5


def initial():
    ws, bs = [], []
    for layer in range(1, 4):
        rows, cols = SIZES[layer], SIZES[layer - 1]
        ws.append(np.array([[0.5 * math.sin(1.3 * (i + 1) + 0.7 * (j + 1) + layer) for j in range(cols)]
                            for i in range(rows)]))
        bs.append(np.array([[0.1 * math.cos(i + layer)] for i in range(rows)]))
    x = np.array([[k / (N - 1) for k in range(N)]])
    y = np.vstack([0.5 + 0.4 * np.sin(2 * math.pi * x), 0.5 + 0.4 * np.cos(2 * math.pi * x)])
    return ws, bs, x, y


def sigma(z):
    return 1 / (1 + np.exp(-z))


def cost(ws, bs, x, y):
    a = x
    for w, b in zip(ws, bs):
        a = sigma(w @ a + b)
    return float(np.sum((a - y) ** 2) / x.shape[1])


def step(ws, bs, x, y):
    a0 = x
    z1 = ws[0] @ a0 + bs[0]; a1 = sigma(z1)
    z2 = ws[1] @ a1 + bs[1]; a2 = sigma(z2)
    z3 = ws[2] @ a2 + bs[2]; a3 = sigma(z3)
    n = x.shape[1]
    # dC/dz3 = 2(a3 - y)/n * sigma'(z3), sigma' = a(1 - a); then the chain rule layer by layer.
    d3 = 2 * (a3 - y) / n * a3 * (1 - a3)
    d2 = (ws[2].T @ d3) * a2 * (1 - a2)
    d1 = (ws[1].T @ d2) * a1 * (1 - a1)
    grads_w = [d1 @ a0.T, d2 @ a1.T, d3 @ a2.T]
    grads_b = [d1.sum(axis=1, keepdims=True), d2.sum(axis=1, keepdims=True), d3.sum(axis=1, keepdims=True)]
    return ([w - RATE * g for w, g in zip(ws, grads_w)], [b - RATE * g for b, g in zip(bs, grads_b)])


def main():
    ws, bs, x, y = initial()
    new_ws, new_bs = step(ws, bs, x, y)
    check = cost(new_ws, new_bs, x, y)
    for _ in range(200):
        step(ws, bs, x, y)
    samples = []
    budget = time.perf_counter()
    while len(samples) < 5 or (len(samples) < 2000 and time.perf_counter() - budget < 2):
        t0 = time.perf_counter()
        step(ws, bs, x, y)
        samples.append(time.perf_counter() - t0)
    samples.sort()
    print(json.dumps({"workload": "network-step", "seconds": samples[len(samples) // 2], "min_seconds": samples[0],
                      "check": check, "versions": {"numpy": np.__version__}}))


if __name__ == "__main__":
    main()
