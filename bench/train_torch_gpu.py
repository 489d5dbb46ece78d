#!/usr/bin/env python3
"""PyTorch's side of bench_gpu_train: the chapter 07 ConvNet on the GPU.

    train_torch_gpu.py SAMPLES

Prints "samples_per_second X". Same model, batch (64), optimiser (Adam,
lr 1e-3), loss and data as bench/gpu_train.cpp: each batch is gathered on
the host and copied to the GPU, the loss is read back every step (as ours
does), 20 warm-up steps are not timed. FP32 throughout: TF32 is switched off
for matmuls and cuDNN convolutions, since our kernels do not use it.
"""
import os
import sys
import time

import numpy as np

try:
    import torch
    from torch import nn
except ImportError:
    print("unavailable: PyTorch is not installed for this python3")
    sys.exit(2)

MNIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "datasets", "cache", "mnist")


def training_data(samples):
    images = os.path.join(MNIST, "train-images-idx3-ubyte")
    if os.path.exists(images):
        x = np.fromfile(images, dtype=np.uint8, offset=16, count=samples * 784)
        y = np.fromfile(os.path.join(MNIST, "train-labels-idx1-ubyte"), dtype=np.uint8, offset=8,
                        count=samples)
        return x.astype(np.float32).reshape(-1, 1, 28, 28) / 255, y.astype(np.int64)
    rng = np.random.default_rng(1)
    return (rng.random((samples, 1, 28, 28), dtype=np.float32),
            rng.integers(0, 10, samples).astype(np.int64))


def main():
    if not torch.cuda.is_available():
        print("unavailable: this PyTorch sees no CUDA device")
        sys.exit(2)
    samples = int(sys.argv[1])
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.manual_seed(42)
    device = torch.device("cuda")
    model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3),
                          nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(1600, 128), nn.ReLU(),
                          nn.Linear(128, 10)).to(device)
    loss_fn = nn.CrossEntropyLoss()
    adam = torch.optim.Adam(model.parameters(), lr=1e-3)
    x, y = training_data(samples)
    order = np.random.default_rng(7).permutation(len(x))

    def step(idx):
        xb = torch.from_numpy(x[idx]).to(device)
        yb = torch.from_numpy(y[idx]).to(device)
        adam.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        adam.step()
        return loss.item()

    for begin in range(0, 20 * 64, 64):
        step(order[begin:begin + 64])
    torch.cuda.synchronize()
    start = time.perf_counter()
    for begin in range(0, len(x), 64):
        step(order[begin:begin + 64])
    torch.cuda.synchronize()
    print(f"samples_per_second {len(x) / (time.perf_counter() - start):.1f}")


if __name__ == "__main__":
    main()
