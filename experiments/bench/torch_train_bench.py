#!/usr/bin/python3
"""Training throughput of the same models under PyTorch, for comparison with
`dotnet run -c Release --project tests/FedHybrid.Benchmarks -- training` (see docs/BENCHMARKS.md).

Same architectures (src/FedHybrid.Learning/Models), same data (the first --samples Fashion-MNIST
training images, normalized as Normalization.cs does), same loop (shuffle with randperm, index_select
a batch, forward, cross-entropy, backward, SGD step with momentum 0.9), same threads and batch.
Run with Debian's interpreter, which sees python3-torch: /usr/bin/python3 experiments/bench/torch_train_bench.py
"""
import argparse
import gzip
import os
import statistics
import struct
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

MEAN, STD = 0.2860, 0.3530  # Normalization.cs


class Mlp2nn(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2, self.fc3 = nn.Linear(784, 200), nn.Linear(200, 200), nn.Linear(200, 10)

    def forward(self, x):
        x = x.flatten(1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, 32, 5, padding=2), nn.Conv2d(32, 64, 5, padding=2)
        self.fc1, self.fc2 = nn.Linear(7 * 7 * 64, 512), nn.Linear(512, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, 6, 5), nn.Conv2d(6, 16, 5)
        self.fc1, self.fc2, self.fc3 = nn.Linear(256, 120), nn.Linear(120, 84), nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc2(F.relu(self.fc1(x.flatten(1)))))
        return self.fc3(x)


MODELS = {"mlp2nn": Mlp2nn, "cnn": Cnn, "lenet": LeNet}
# Forward FLOPs per sample, 2 x multiply-adds of conv and linear layers (ModelFactory.ForwardFlopsPerSample).
FLOPS = {
    "mlp2nn": 2 * (784 * 200 + 200 * 200 + 200 * 10),
    "cnn": 2 * (28 * 28 * 32 * 25 + 14 * 14 * 64 * 32 * 25 + 3136 * 512 + 512 * 10),
    "lenet": 2 * (24 * 24 * 6 * 25 + 8 * 8 * 16 * 6 * 25 + 256 * 120 + 120 * 84 + 84 * 10),
}


def read_idx(path, count):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        magic, n = struct.unpack(">II", f.read(8))
        dims = [n] + [struct.unpack(">I", f.read(4))[0] for _ in range((magic & 0xFF) - 1)]
        data = np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)
    return data[:count]


def locate(directory, name):
    for candidate in (name + ".gz", name):
        path = os.path.join(directory, candidate)
        if os.path.exists(path):
            return path
    raise SystemExit(f"{name}(.gz) not found in {directory}")


def epoch(model, images, labels, batch, lr, seed):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    generator = torch.Generator().manual_seed(seed)
    order = torch.randperm(images.shape[0], generator=generator)
    model.train()
    for start in range(0, images.shape[0], batch):
        index = order[start:start + batch]
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images.index_select(0, index)), labels.index_select(0, index))
        loss.backward()
        optimizer.step()
        loss.item()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", default="mlp2nn,cnn")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--samples", type=int, default=10000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--data", default=os.environ.get("FEDHYBRID_DATA", "/usr/share/datasets/fashion-mnist"))
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    pixels = read_idx(locate(args.data, "train-images-idx3-ubyte"), args.samples)
    images = torch.from_numpy(((pixels.astype(np.float32) / 255 - MEAN) / STD)[:, None, :, :].copy())
    labels = torch.from_numpy(read_idx(locate(args.data, "train-labels-idx1-ubyte"), args.samples).astype(np.int64))
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, batch {args.batch}, "
          f"{images.shape[0]:,} images from {args.data}, {args.repeats} epochs after a warm-up, median reported\n")
    print("| model | loop | samples/s | GFLOP/s |")
    print("|---|---|---:|---:|")
    for name in args.models.split(","):
        torch.manual_seed(1)
        model = MODELS[name]()
        rates = []
        for round_ in range(args.repeats + 1):
            started = time.perf_counter()
            epoch(model, images, labels, args.batch, args.lr, round_)
            rate = images.shape[0] / (time.perf_counter() - started)
            if round_ > 0:
                rates.append(rate)
        rate = statistics.median(rates)
        print(f"| {name} | PyTorch {torch.__version__} | {rate:,.0f} | {rate * 3 * FLOPS[name] / 1e9:.1f} |")


if __name__ == "__main__":
    main()
