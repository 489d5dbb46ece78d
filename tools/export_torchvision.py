#!/usr/bin/env python3
"""Converts torchvision's ImageNet ResNet-18 weights to the safetensors file
that nn::resnet18 loads (lib/nn/models/resnet18.hpp; book chapter 10).

    python3 tools/export_torchvision.py [--out PATH]

Needs PyTorch, torchvision (0.13 or later) and internet access once: torchvision
downloads its IMAGENET1K_V1 weights (45 MB) into its own cache. Writes
datasets/cache/models/resnet18-imagenet.safetensors by default, with the 1,000
ImageNet class names in the file's metadata ("classes", one per line), then:

    nn::Rng rng(0);
    nn::Sequential model = nn::resnet18(rng);  // 1,000 classes, width 64
    model.load("datasets/cache/models/resnet18-imagenet.safetensors");
    nn::Tensor p = nn::predict_imagenet(model, nn::load_image("cat.jpg", 3));

The conversion is tools/torchvision_resnet.py's save_state_dict(), the same
code that writes the parity fixture (tools/make_fixtures.py), so the fixture's
test (tests/lib/resnet18_test.cpp) checks it without a network.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torchvision_resnet  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DEFAULT_OUT = os.path.join(ROOT, "datasets", "cache", "models", "resnet18-imagenet.safetensors")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=DEFAULT_OUT, help="where to write (default: %(default)s)")
    opts = parser.parse_args()
    try:
        import torch
        import torchvision
        from torchvision.models import ResNet18_Weights
    except ImportError as e:
        print(f"needs PyTorch and torchvision 0.13 or later ({e}): pip install torch torchvision")
        return 1
    weights = ResNet18_Weights.IMAGENET1K_V1
    model = torchvision.models.resnet18(weights=weights).eval()
    os.makedirs(os.path.dirname(os.path.abspath(opts.out)), exist_ok=True)
    metadata = {"source": f"torchvision {torchvision.__version__} resnet18 {weights}",
                "classes": "\n".join(weights.meta["categories"])}
    torchvision_resnet.save_state_dict(torch, opts.out, model.state_dict(), metadata)
    print(f"wrote {opts.out}: {len(model.state_dict())} tensors, "
          f"ImageNet top-1 {weights.meta['_metrics']['ImageNet-1K']['acc@1']}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
