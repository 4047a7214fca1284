#!/bin/sh
# Rebuilds data/fashion-mnist-subset/ from the full Fashion-MNIST (Debian package dataset-fashion-mnist).
# Selection rule, no randomness: in file order, keep the first 1,000 images of each class from the
# training set and the first 200 of each class from the test set, preserving their original order.
# The source files are already shuffled, so the kept order interleaves the classes.
# Usage: experiments/data/make-subset.sh [SOURCE_DIR] [OUTPUT_DIR]
set -eu
src=${1:-/usr/share/datasets/fashion-mnist}
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=${2:-$repo/data/fashion-mnist-subset}
mkdir -p "$out"

# Plain IDX files are written by Python's standard library; gzip -9 -n (no name, no timestamp)
# makes the compressed bytes depend on nothing but the content.
/usr/bin/python3 - "$src" "$out" <<'PY'
import gzip, struct, sys

src, out = sys.argv[1], sys.argv[2]

def read_idx(path, magic):
    with gzip.open(path, "rb") as f:
        data = f.read()
    got, = struct.unpack(">I", data[:4])
    if got != magic:
        sys.exit(f"{path}: magic 0x{got:08x}, expected 0x{magic:08x}")
    dims = struct.unpack(">" + "I" * (magic & 0xFF), data[4:4 + 4 * (magic & 0xFF)])
    return dims, data[4 + 4 * len(dims):]

for split, per_class in (("train", 1000), ("t10k", 200)):
    (count, rows, cols), pixels = read_idx(f"{src}/{split}-images-idx3-ubyte.gz", 0x803)
    (label_count,), labels = read_idx(f"{src}/{split}-labels-idx1-ubyte.gz", 0x801)
    assert count == label_count == len(labels), (count, label_count)
    taken = [0] * 10
    keep = []
    for i, label in enumerate(labels):
        if taken[label] < per_class:
            taken[label] += 1
            keep.append(i)
    assert taken == [per_class] * 10, taken
    size = rows * cols
    with open(f"{out}/{split}-images-idx3-ubyte", "wb") as f:
        f.write(struct.pack(">IIII", 0x803, len(keep), rows, cols))
        f.write(b"".join(pixels[i * size:(i + 1) * size] for i in keep))
    with open(f"{out}/{split}-labels-idx1-ubyte", "wb") as f:
        f.write(struct.pack(">II", 0x801, len(keep)))
        f.write(bytes(labels[i] for i in keep))
PY

cd "$out"
sha256sum train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  gzip -9 -n -f "$f"
done
sha256sum ./*.gz
ls -l ./*.gz
