#!/usr/bin/env python3
"""PyTorch side of the course-network benchmark (issue 4): the same network, weights and data as
numpy_network.py (1 -> 6 -> 7 -> 2, sigmoid on every layer, 100 samples, C = ||a3 - y||^2 / n), but the gradient
comes from PyTorch's reverse-mode autograd (loss.backward()) — the peer for Nabla's reverse mode. float64, on the
CPU, PyTorch's default thread count. Times one forward + backward + SGD update from fixed weights and prints
{"workload": "network-step", "seconds": <median>, "check": <cost after one step>, "versions": {"torch": ...}}.
"""
import json
import math
import time

import torch

SIZES = [1, 6, 7, 2]
N = 100
RATE = 0.5


def initial():
    ws, bs = [], []
    for layer in range(1, 4):
        rows, cols = SIZES[layer], SIZES[layer - 1]
        ws.append(torch.tensor([[0.5 * math.sin(1.3 * (i + 1) + 0.7 * (j + 1) + layer) for j in range(cols)]
                                for i in range(rows)], dtype=torch.float64))
        bs.append(torch.tensor([[0.1 * math.cos(i + layer)] for i in range(rows)], dtype=torch.float64))
    x = torch.tensor([[k / (N - 1) for k in range(N)]], dtype=torch.float64)
    y = torch.cat([0.5 + 0.4 * torch.sin(2 * math.pi * x), 0.5 + 0.4 * torch.cos(2 * math.pi * x)])
    return ws, bs, x, y


def loss(ws, bs, x, y):
    a = x
    for w, b in zip(ws, bs):
        a = torch.sigmoid(w @ a + b)
    return ((a - y) ** 2).sum() / x.shape[1]


def step(ws, bs, x, y):
    """From the given weights (left untouched), one forward + backward + update; returns the new weights."""
    params = [p.clone().requires_grad_(True) for p in ws + bs]
    cost = loss(params[:3], params[3:], x, y)
    cost.backward()
    with torch.no_grad():
        return [p - RATE * p.grad for p in params]


def main():
    ws, bs, x, y = initial()
    new = step(ws, bs, x, y)
    with torch.no_grad():
        check = float(loss(new[:3], new[3:], x, y))
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
                      "check": check, "versions": {"torch": torch.__version__}}))


if __name__ == "__main__":
    main()
