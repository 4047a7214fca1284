#!/usr/bin/env python3
"""Writes the kept corpus of the `config` fuzz target in the sectioned shape:
tests/FedHybrid.Fuzz.Tests/Corpus/config/<sha256[:16]>.

afl-fuzz is not installed everywhere; this makes a deterministic starting corpus from the shipped
configs (experiments/configs, strategies included) and mutations of them that reach each of the
loader's paths: truncations, flipped bytes, unknown and duplicated members at every depth, wrong
types, values at and beyond each range, options of another strategy, comments and trailing commas.
A campaign (run-afl.sh config) grows and minimizes it; copy its min/ over this folder to keep that.
Usage: experiments/fuzz/config-corpus.py [REPO]"""
import hashlib, json, os, random, sys

repo = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
configs = os.path.join(repo, "experiments", "configs")
out = os.path.join(repo, "tests", "FedHybrid.Fuzz.Tests", "Corpus", "config")
rng = random.Random(9)

seeds = []
for root, _, files in sorted(os.walk(configs)):
    for f in sorted(files):
        if f.endswith(".json"):
            seeds.append(open(os.path.join(root, f), "rb").read())

def strip_comments(text):
    return "\n".join(l for l in text.split("\n") if not l.lstrip().startswith("//"))

base = {
    "run": {"name": "fuzz", "seed": 7, "clients": 2, "rounds": 1},
    "data": {"source": "bundled", "partition": "iid"},
    "model": {"name": "mlp2nn"},
    "training": {"local_epochs": 1, "batch_size": 32, "learning_rate": 0.05, "momentum": 0.5},
    "strategy": {"name": "fedadam", "options": {"eta": 0.01, "beta_1": 0.9}},
    "crypto": {"suite": "hpke-x25519-aes256gcm", "rekey": "message"},
}

def with_value(path, value):
    config = json.loads(json.dumps(base))
    node = config
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value
    return json.dumps(config).encode()

inputs = list(seeds)
# Structured mutations: each reaches one check of the binder or the loader.
for path, value in [
    (("run", "name"), "../x"), (("run", "name"), None), (("run", "clients"), 0), (("run", "clients"), 1e300),
    (("run", "rounds"), 4294967297), (("run", "seed"), 1.5), (("run", "round_deadline_seconds"), 2147484),
    (("run", "extra"), 1), (("data", "partition"), "dirichlet:x"), (("data", "partition"), "shards:0"),
    (("data", "source"), ""), (("model", "name"), "resnet"), (("model",), "cnn"),
    (("training", "learning_rate"), 1e300), (("training", "learning_rate"), 1e-50), (("training", "momentum"), 0.99999999999),
    (("training", "weight_decay"), -1), (("training", "batch_size"), "32"),
    (("strategy", "name"), "fedsgd"), (("strategy", "name"), 3), (("strategy", "options"), []),
    (("strategy", "options", "beta_1"), 1), (("strategy", "options", "tau"), 0), (("strategy", "options", "proximal_mu"), 0.1),
    (("strategy", "options", "min_updates"), 9), (("strategy", "options", "fraction_fit"), 0),
    (("crypto", "suite"), "rot13"), (("crypto", "rekey"), "1"), (("schedule", "concurrent_clients"), 3),
    (("schedule", "threads_per_client"), -1), (("attack", "behaviors"), {"client-01": "corrupt-byte", "client-09": "honest"}),
    (("attack", "behaviors"), {"client-01": "evil"}), (("attack", "behaviors"), {"client-01": 3}), (("attack", "unprovisioned_clients"), 101),
]:
    inputs.append(with_value(path, value))
inputs.append(json.dumps({"model": {"name": "cnn"}}).encode())
inputs.append(b'{ "run": { "name": "x", "name": "y" }, "run": {} }')
inputs.append(b'// comments /* and */ trailing commas\n{ "run": { "name": "x", }, /* c */ "strategy": { "name": "fedprox", "options": { "proximal_mu": 1e400, }, }, }')
inputs.append(b'{ "run": { "name": "x" }, "strategy": { "options": { "eta": 1 }, "name": "fedyogi" } }')
inputs.append(b'[1, 2]')
inputs.append(b'')
inputs.append(b'{' * 80 + b'}' * 80)
inputs.append(b'{ "run": { "name": "\xff\xfe" } }')
# Byte-level mutations of the seeds: truncations and flipped bytes.
for seed in seeds[:4]:
    for _ in range(2):
        inputs.append(seed[: rng.randrange(1, len(seed))])
        data = bytearray(strip_comments(seed.decode()).encode())
        for _ in range(3):
            i = rng.randrange(len(data))
            data[i] = rng.choice(b'{}[]":,0123456789.eE-+ az\x00\xff')
        inputs.append(bytes(data))

os.makedirs(out, exist_ok=True)
for old in os.listdir(out):
    os.remove(os.path.join(out, old))
names = set()
for data in inputs:
    name = hashlib.sha256(data).hexdigest()[:16]
    if name not in names:
        names.add(name)
        open(os.path.join(out, name), "wb").write(data)
print(f"{len(names)} inputs in {out}")
