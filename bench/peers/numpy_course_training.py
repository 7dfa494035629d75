#!/usr/bin/env python3
"""NumPy side of the course-network training benchmark (issue 7): the network 1 -> 6 -> 7 -> 2 of the course's
neural-network assignment, sigmoid everywhere, trained on the heart curve by the course's stochastic steepest
descent: every Jacobian entry is multiplied by (1 + noise * N(0, 1)) and W <- W - aggression * J, for 50,000
iterations with aggression 7 and noise 1. Backpropagation is explicit NumPy, as in the course (one forward pass per
iteration, shared by the six Jacobians; the course's notebook recomputes it in each J_ function, which would be
about six times slower). Weights start N(0, 1/4) as in the course's reset_network.
Prints {"workload": "course-net-train", "seconds": <one full run>, "check": <final cost>, "versions": {...}}.
The random numbers are NumPy's, so the final cost matches bench/Nabla.Benchmarks in size, not in digits.
"""
import json
import time

import numpy as np

ITERATIONS = 50_000
AGGRESSION = 7.0
NOISE = 1.0
SEED = 1


def training_data():
    x = np.arange(0, 1, 0.01).reshape(1, -1)
    y0 = (16 * np.sin(2 * np.pi * x) ** 3 / 20 + 1) / 2
    y1 = ((13 * np.cos(2 * np.pi * x) - 5 * np.cos(4 * np.pi * x) - 2 * np.cos(6 * np.pi * x)
           - np.cos(8 * np.pi * x)) / 20 + 1) / 2
    return x, np.vstack([y0, y1])


def sigma(z):
    return 1 / (1 + np.exp(-z))


def d_sigma(z):
    return np.cosh(z / 2) ** (-2) / 4


def train(rng, x, y):
    W1, W2, W3 = rng.standard_normal((6, 1)) / 2, rng.standard_normal((7, 6)) / 2, rng.standard_normal((2, 7)) / 2
    b1, b2, b3 = rng.standard_normal((6, 1)) / 2, rng.standard_normal((7, 1)) / 2, rng.standard_normal((2, 1)) / 2
    n = x.size
    for _ in range(ITERATIONS):
        z1 = W1 @ x + b1; a1 = sigma(z1)
        z2 = W2 @ a1 + b2; a2 = sigma(z2)
        z3 = W3 @ a2 + b3; a3 = sigma(z3)
        # The chain rule, layer by layer: J = dC/dz3, then the step back J <- (W^T J) * sigma'(z).
        J = 2 * (a3 - y) / n * d_sigma(z3)
        j_W3 = J @ a2.T; j_b3 = np.sum(J, axis=1, keepdims=True)
        J = (W3.T @ J) * d_sigma(z2)
        j_W2 = J @ a1.T; j_b2 = np.sum(J, axis=1, keepdims=True)
        J = (W2.T @ J) * d_sigma(z1)
        j_W1 = J @ x.T; j_b1 = np.sum(J, axis=1, keepdims=True)
        W1 = W1 - AGGRESSION * j_W1 * (1 + NOISE * rng.standard_normal(W1.shape))
        W2 = W2 - AGGRESSION * j_W2 * (1 + NOISE * rng.standard_normal(W2.shape))
        W3 = W3 - AGGRESSION * j_W3 * (1 + NOISE * rng.standard_normal(W3.shape))
        b1 = b1 - AGGRESSION * j_b1 * (1 + NOISE * rng.standard_normal(b1.shape))
        b2 = b2 - AGGRESSION * j_b2 * (1 + NOISE * rng.standard_normal(b2.shape))
        b3 = b3 - AGGRESSION * j_b3 * (1 + NOISE * rng.standard_normal(b3.shape))
    a3 = sigma(W3 @ sigma(W2 @ sigma(W1 @ x + b1) + b2) + b3)
    return float(np.linalg.norm(a3 - y) ** 2 / n)


def main():
    x, y = training_data()
    rng = np.random.default_rng(SEED)
    t0 = time.perf_counter()
    cost = train(rng, x, y)
    seconds = time.perf_counter() - t0
    print(json.dumps({"workload": "course-net-train", "seconds": seconds, "check": cost,
                      "versions": {"numpy": np.__version__}}))


if __name__ == "__main__":
    main()
