#!/usr/bin/env python3
"""Check that PyTorch accepts a checkpoint written by our library (lib/nn/serialize).

    tools/torch_load_check.py model.safetensors "Linear(784,128),ReLU,Linear(128,10)"
    tools/torch_load_check.py --no-torch model.safetensors "..."   # parse the file only
    tools/torch_load_check.py --io io.safetensors model.safetensors "..."
        # also run the torch model in eval mode on io's "x" and compare with its "y"

The architecture lists torch.nn class names with Python-literal arguments
(keywords too: "Conv2d(1,8,3,padding=1),ReLU,Flatten(),Linear(6272,10)"),
and one name of ours: BasicBlock(in,out,stride), the residual block that
nn::basic_block builds (lib/nn/layers/residual.hpp), as the Residual module
below. Batch norm's buffers (running_mean, running_var, and
num_batches_tracked, an I64 scalar) are part of the state_dict and checked too.
The script builds that torch.nn.Sequential and calls load_state_dict(strict=True),
so every name ("0.weight", "0.bias", "2.weight", ...) and every shape must match
PyTorch's. Prints OK or the error; exits 0 or 1.
"""
import argparse
import array
import ast
import json
import math
import struct
import sys

MAX_HEADER = 100_000_000  # the reference implementation's limit


def read_safetensors(path):
    """Parses the file by hand (struct + json), independently of our C++ reader,
    checking what the spec requires. Returns ({name: (shape, raw bytes)}, metadata)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError("file shorter than 8 bytes")
    (n,) = struct.unpack("<Q", data[:8])  # header length: u64 little-endian
    if n > min(MAX_HEADER, len(data) - 8):
        raise ValueError(f"header length {n} larger than the file")
    header = json.loads(data[8 : 8 + n])
    metadata = header.pop("__metadata__", {})
    body = data[8 + n :]

    tensors, covered = {}, 0
    # The tensors must tile the data area, in offset order, with no holes.
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        begin, end = info["data_offsets"]
        shape = info["shape"]
        if begin != covered:
            raise ValueError(f"tensor {name!r}: starts at {begin}, expected {covered}")
        if info["dtype"] == "I64":  # a counter: num_batches_tracked
            if shape != [] or end - begin != 8:
                raise ValueError(f"tensor {name!r}: an I64 must be a scalar of 8 bytes")
            tensors[name] = ("I64", shape, body[begin:end])
            covered = end
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"tensor {name!r}: dtype {info['dtype']}, expected F32 or I64")
        if 4 * math.prod(shape) != end - begin:
            raise ValueError(f"tensor {name!r}: shape {shape} does not fit offsets {[begin, end]}")
        values = array.array("f", body[begin:end])
        if sys.byteorder == "big":
            values.byteswap()  # the file is little-endian
        if not all(map(math.isfinite, values)):
            raise ValueError(f"tensor {name!r} holds NaN or Inf")
        tensors[name] = ("F32", shape, body[begin:end])
        covered = end
    if covered != len(body):
        raise ValueError(f"data area has {len(body)} bytes, tensors cover {covered}")
    return tensors, metadata


def parse_architecture(arch):
    """'Linear(784,128),ReLU' -> [('Linear', (784, 128), {}), ('ReLU', (), {})].
    Splits on top-level commas only, so tuple arguments like (3,3) survive."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(arch + ","):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append(arch[start:i].strip())
            start = i + 1
    layers = []
    for part in filter(None, parts):
        node = ast.parse(part, mode="eval").body  # parsed, never eval'd
        if isinstance(node, ast.Name):
            layers.append((node.id, (), {}))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = tuple(ast.literal_eval(a) for a in node.args)
            kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
            layers.append((node.func.id, args, kwargs))
        else:
            raise ValueError(f"cannot read layer {part!r}")
    return layers


def make_residual(torch):
    class Residual(torch.nn.Module):
        """nn::Residual of lib/nn/layers/residual.hpp: y = body(x) + shortcut(x),
        body and shortcut each a torch.nn.Sequential (an identity shortcut has
        no parameters), so the names read "body.0.weight", "shortcut.1.bias"."""

        def __init__(self, body, shortcut=None):
            super().__init__()
            self.body = body
            self.shortcut = shortcut if shortcut is not None else torch.nn.Identity()

        def forward(self, x):
            return self.body(x) + self.shortcut(x)

    return Residual


def basic_block(torch, cin, cout, stride):
    """nn::basic_block: conv3x3(stride)-BN-ReLU-conv3x3-BN, projection shortcut
    conv1x1(stride)-BN when the shape changes. Our Conv2D always has a bias."""
    nn = torch.nn
    body = nn.Sequential(nn.Conv2d(cin, cout, 3, stride=stride, padding=1), nn.BatchNorm2d(cout),
                         nn.ReLU(), nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout))
    shortcut = None
    if cin != cout or stride != 1:
        shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride), nn.BatchNorm2d(cout))
    return make_residual(torch)(body, shortcut)


def build_layer(torch, name, args, kwargs):
    if name == "BasicBlock":
        return basic_block(torch, *args, **kwargs)
    return getattr(torch.nn, name)(*args, **kwargs)


def torch_tensors(torch, tensors):
    state = {}
    for name, (dtype, shape, raw) in tensors.items():
        # bytearray: frombuffer wants a writable buffer; clone: own the memory.
        kind = torch.int64 if dtype == "I64" else torch.float32
        flat = torch.frombuffer(bytearray(raw), dtype=kind) if raw else torch.empty(0)
        state[name] = flat.reshape(shape).clone()
    return state


def compare_outputs(torch, model, io_path):
    """Our outputs must be PyTorch's up to float32 rounding: within 1e-5 of the largest
    output (the differences seen are about 2e-7 of it: summation order)."""
    io = torch_tensors(torch, read_safetensors(io_path)[0])
    model.eval()
    with torch.no_grad():
        y = model(io["x"])
    diff = (y - io["y"]).abs().max().item()
    scale = max(1.0, io["y"].abs().max().item())
    print(f"  eval-mode outputs on {io['x'].shape[0]} inputs: max |torch - ours| = {diff:.3g}")
    if not diff <= 1e-5 * scale:
        raise ValueError(f"outputs differ from PyTorch's by {diff} (allowed {1e-5 * scale})")


def load_into_torch(path, tensors, layers, io_path=None):
    import torch

    model = torch.nn.Sequential(*(build_layer(torch, n, a, k) for n, a, k in layers))
    state = torch_tensors(torch, tensors)
    model.load_state_dict(state, strict=True)  # raises on any missing/extra name or shape
    if io_path:
        compare_outputs(torch, model, io_path)
    try:  # the reference reader, where installed, must agree with ours
        from safetensors.torch import load_file
    except ImportError:
        return
    reference = load_file(path)
    if reference.keys() != state.keys() or not all(torch.equal(reference[k], state[k]) for k in state):
        raise ValueError("the safetensors package reads different tensors")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("architecture")
    parser.add_argument("--io", help="safetensors file with an input batch \"x\" and our "
                        "eval-mode output \"y\" to compare with PyTorch's")
    parser.add_argument("--no-torch", action="store_true",
                        help="only parse the file and the architecture (no PyTorch needed)")
    opts = parser.parse_args()
    try:
        tensors, metadata = read_safetensors(opts.file)
        layers = parse_architecture(opts.architecture)
        for name, (dtype, shape, _) in sorted(tensors.items()):
            print(f"  {name:34} {dtype} {shape}")
        if metadata:
            print(f"  metadata: {metadata}")
        if opts.no_torch:
            print(f"OK (parsed {len(tensors)} tensors and {len(layers)} layers; torch not used)")
            return 0
        load_into_torch(opts.file, tensors, layers, opts.io)
    except Exception as e:  # report any failure as one line: this is a checker
        print(f"FAILED: {type(e).__name__}: {e}")
        return 1
    print(f"OK: torch.nn.Sequential loaded {len(tensors)} tensors with strict=True")
    return 0


if __name__ == "__main__":
    sys.exit(main())
