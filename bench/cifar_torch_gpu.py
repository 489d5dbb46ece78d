#!/usr/bin/env python3
"""PyTorch's side of bench_gpu_train's second table: one chapter 08 net on the GPU.

    cifar_torch_gpu.py ARCHITECTURE SAMPLES

ARCHITECTURE is the net's torch.nn.Sequential in tools/torch_load_check.py's
syntax (BasicBlock included), as chapters/08-cnn-cifar/nets.cpp writes it.
Prints "samples_per_second X". Same as bench/gpu_train.cpp's GPU runs: one
random [128, 3, 32, 32] batch kept in host memory and copied to the GPU
every step, SGD with momentum 0.9 (lr 0.01), cross-entropy, training mode,
the loss read back every step, 20 warm-up steps not timed. FP32 throughout:
TF32 is switched off for matmuls and cuDNN convolutions, since our kernels
do not use it. cuDNN picks its algorithms by its defaults (no autotuning).
"""
import os
import sys
import time

try:
    import torch
except ImportError:
    print("unavailable: PyTorch is not installed for this python3")
    sys.exit(2)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import torch_load_check  # noqa: E402  (the architecture parser and the Residual module)

BATCH = 128


def main():
    if not torch.cuda.is_available():
        print("unavailable: this PyTorch sees no CUDA device")
        sys.exit(2)
    arch, samples = sys.argv[1], int(sys.argv[2])
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.manual_seed(42)
    device = torch.device("cuda")
    layers = torch_load_check.parse_architecture(arch)
    model = torch.nn.Sequential(*(torch_load_check.build_layer(torch, n, a, k) for n, a, k in layers))
    model = model.to(device).train()
    x, y = torch.randn(BATCH, 3, 32, 32), torch.randint(0, 10, (BATCH,))  # host memory
    loss_fn = torch.nn.CrossEntropyLoss()
    sgd = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def step():
        xb, yb = x.to(device), y.to(device)
        sgd.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        sgd.step()
        return loss.item()

    for _ in range(20):
        step()
    torch.cuda.synchronize()
    steps = max(1, samples // BATCH)
    start = time.perf_counter()
    for _ in range(steps):
        step()
    torch.cuda.synchronize()
    print(f"samples_per_second {steps * BATCH / (time.perf_counter() - start):.1f}")


if __name__ == "__main__":
    main()
