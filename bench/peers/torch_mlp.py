#!/usr/bin/env python3
"""PyTorch side of the MLP benchmark (issue 7): 784 -> 256 -> 256 -> 10, ReLU, softmax cross-entropy, float32,
batch 128, plain SGD (lr 0.05), He-normal weights and zero biases, on 60,000 synthetic samples made with the same
recipe as Nabla's SyntheticData.GaussianClusters: 10 class centres c ~ N(0, I) in 784-D, uniformly random labels,
x = (c_label + 2 z) / sqrt(5) with z ~ N(0, I). (Same recipe, PyTorch's own generator: the data are not bit-equal.)
Times one epoch (shuffled mini-batches, forward + backward + step) from the same initial weights each time and prints
{"workload": "mlp-epoch", "seconds": <median>, "min_seconds": ..., "check": <mean training loss of the epoch>,
 "versions": {"torch": ...}}. CPU, PyTorch's default thread count.
"""
import json
import resource
import math
import time

import torch

SAMPLES, FEATURES, CLASSES, NOISE = 60_000, 784, 10, 2.0
BATCH, RATE = 128, 0.05


def data():
    g = torch.Generator().manual_seed(1)
    centres = torch.randn(CLASSES, FEATURES, generator=g)
    labels = torch.randint(0, CLASSES, (SAMPLES,), generator=g)
    x = (centres[labels] + NOISE * torch.randn(SAMPLES, FEATURES, generator=g)) / math.sqrt(1 + NOISE * NOISE)
    return x.contiguous(), labels


def network():
    torch.manual_seed(2)
    layers = [torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10)]
    for layer in layers:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            torch.nn.init.zeros_(layer.bias)
    return torch.nn.Sequential(*layers)


def epoch(model, optimizer, loss_fn, x, labels, generator):
    order = torch.randperm(SAMPLES, generator=generator)
    total = 0.0
    for start in range(0, SAMPLES, BATCH):
        idx = order[start:start + BATCH]
        xb, yb = x[idx], labels[idx]
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(idx)
    return total / SAMPLES


def main():
    x, labels = data()
    model = network()
    initial = {k: v.clone() for k, v in model.state_dict().items()}
    optimizer = torch.optim.SGD(model.parameters(), lr=RATE)
    loss_fn = torch.nn.CrossEntropyLoss()

    def run():
        model.load_state_dict(initial)
        return epoch(model, optimizer, loss_fn, x, labels, torch.Generator().manual_seed(3))

    check = run()  # warm-up, as the Nabla harness does
    samples = []
    budget = time.perf_counter()
    while len(samples) < 5 or (len(samples) < 2000 and time.perf_counter() - budget < 2):
        t0 = time.perf_counter()
        run()
        samples.append(time.perf_counter() - t0)
    samples.sort()
    print(json.dumps({"workload": "mlp-epoch", "seconds": samples[len(samples) // 2], "min_seconds": samples[0],
                      "check": check, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "versions": {"torch": torch.__version__}}))


if __name__ == "__main__":
    main()
