#!/usr/bin/python3
"""PyTorch's side of bench_train: trains one model for one epoch on the CPU.

    train_torch.py MODEL THREADS SAMPLES     (MODEL: mlp, lenet or convnet)

Prints "samples_per_second peak_resident_MB". The models, data, batch (64),
optimiser (plain SGD, lr 0.01) and loss are those of bench/train.cpp. Run it
with OPENBLAS_NUM_THREADS=1 and OMP_NUM_THREADS=THREADS (bench_train does):
Debian's torch calls a threaded OpenBLAS that ignores torch.set_num_threads.
"""
import os
import resource
import sys
import time

import numpy as np
import torch
from torch import nn

MNIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "datasets", "cache", "mnist")


def make_model(name):
    if name == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64),
                             nn.ReLU(), nn.Linear(64, 10))
    if name == "lenet":
        return nn.Sequential(nn.Conv2d(1, 8, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 5),
                             nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(256, 120),
                             nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3),
                         nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(1600, 128), nn.ReLU(),
                         nn.Linear(128, 10))


def training_data(samples):
    """The first SAMPLES MNIST training images in [0, 1], or random ones as bench_train makes."""
    images = os.path.join(MNIST, "train-images-idx3-ubyte")
    if os.path.exists(MNIST) and os.path.exists(images):
        x = np.fromfile(images, dtype=np.uint8, offset=16, count=samples * 784)
        y = np.fromfile(os.path.join(MNIST, "train-labels-idx1-ubyte"), dtype=np.uint8, offset=8,
                        count=samples)
        x = torch.from_numpy(x.astype(np.float32) / 255).reshape(-1, 1, 28, 28)
        return x, torch.from_numpy(y.astype(np.int64))
    g = torch.Generator().manual_seed(1)
    return torch.rand(samples, 1, 28, 28, generator=g), torch.randint(0, 10, (samples,), generator=g)


def main():
    name, threads, samples = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    x, y = training_data(samples)
    model = make_model(name)
    loss_fn = nn.CrossEntropyLoss()
    sgd = torch.optim.SGD(model.parameters(), lr=0.01)
    order = torch.randperm(len(x))
    start = time.perf_counter()
    for begin in range(0, len(x), 64):
        idx = order[begin:begin + 64]
        sgd.zero_grad()
        loss_fn(model(x[idx]), y[idx]).backward()
        sgd.step()
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"{len(x) / seconds:.1f} {peak_mb:.1f}")


if __name__ == "__main__":
    main()
