#!/usr/bin/env python3
"""Check that PyTorch accepts a checkpoint written by our library (lib/nn/serialize).

    tools/torch_load_check.py model.safetensors "Linear(784,128),ReLU,Linear(128,10)"
    tools/torch_load_check.py --no-torch model.safetensors "..."   # parse the file only

The architecture lists torch.nn class names with Python-literal arguments
(keywords too: "Conv2d(1,8,3,padding=1),ReLU,Flatten(),Linear(6272,10)").
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
        if info["dtype"] != "F32":
            raise ValueError(f"tensor {name!r}: dtype {info['dtype']}, expected F32")
        if begin != covered:
            raise ValueError(f"tensor {name!r}: starts at {begin}, expected {covered}")
        if 4 * math.prod(shape) != end - begin:
            raise ValueError(f"tensor {name!r}: shape {shape} does not fit offsets {[begin, end]}")
        values = array.array("f", body[begin:end])
        if sys.byteorder == "big":
            values.byteswap()  # the file is little-endian
        if not all(map(math.isfinite, values)):
            raise ValueError(f"tensor {name!r} holds NaN or Inf")
        tensors[name] = (shape, body[begin:end])
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


def load_into_torch(path, tensors, layers):
    import torch

    model = torch.nn.Sequential(*(getattr(torch.nn, n)(*a, **k) for n, a, k in layers))
    state = {}
    for name, (shape, raw) in tensors.items():
        # bytearray: frombuffer wants a writable buffer; clone: own the memory.
        flat = torch.frombuffer(bytearray(raw), dtype=torch.float32) if raw else torch.empty(0)
        state[name] = flat.reshape(shape).clone()
    model.load_state_dict(state, strict=True)  # raises on any missing/extra name or shape
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
    parser.add_argument("--no-torch", action="store_true",
                        help="only parse the file and the architecture (no PyTorch needed)")
    opts = parser.parse_args()
    try:
        tensors, metadata = read_safetensors(opts.file)
        layers = parse_architecture(opts.architecture)
        for name, (shape, _) in sorted(tensors.items()):
            print(f"  {name:24} {shape}")
        if metadata:
            print(f"  metadata: {metadata}")
        if opts.no_torch:
            print(f"OK (parsed {len(tensors)} tensors and {len(layers)} layers; torch not used)")
            return 0
        load_into_torch(opts.file, tensors, layers)
    except Exception as e:  # report any failure as one line: this is a checker
        print(f"FAILED: {type(e).__name__}: {e}")
        return 1
    print(f"OK: torch.nn.Sequential loaded {len(tensors)} tensors with strict=True")
    return 0


if __name__ == "__main__":
    sys.exit(main())
