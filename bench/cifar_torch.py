#!/usr/bin/python3
"""PyTorch's side of bench_cifar: trains one chapter 08 net on random data.

    cifar_torch.py ARCHITECTURE THREADS SAMPLES

ARCHITECTURE is the net's torch.nn.Sequential in tools/torch_load_check.py's
syntax (BasicBlock included). Batch 128, SGD with momentum 0.9 (lr 0.01),
cross-entropy, training mode, one warm-up step; prints samples per second.
"""
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import torch_load_check  # noqa: E402  (the architecture parser and the Residual module)


def main():
    arch, threads, samples = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    layers = torch_load_check.parse_architecture(arch)
    model = torch.nn.Sequential(*(torch_load_check.build_layer(torch, n, a, k) for n, a, k in layers))
    x, y = torch.randn(128, 3, 32, 32), torch.randint(0, 10, (128,))
    loss_fn = torch.nn.CrossEntropyLoss()
    sgd = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def step():
        sgd.zero_grad()
        loss_fn(model(x), y).backward()
        sgd.step()

    step()
    seen, start = 0, time.perf_counter()
    while seen < samples:
        step()
        seen += 128
    print(f"{seen / (time.perf_counter() - start):.1f}")


if __name__ == "__main__":
    main()
