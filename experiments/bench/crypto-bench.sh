#!/usr/bin/env bash
# Crypto benchmarks for docs/BENCHMARKS.md, in one run: the machine's own AES-256-GCM speed
# (OpenSSL, the reference) and then FedHybrid's BenchmarkDotNet classes (envelopes, Cobblestone-256
# bodies beside a one-shot AES-GCM reference, KEMs, signatures).
#   experiments/bench/crypto-bench.sh [BenchmarkDotNet filter ...], default '*'
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "## openssl speed -evp aes-256-gcm (single thread)"
openssl speed -seconds 2 -evp aes-256-gcm 2>/dev/null | tail -n 3
dotnet build -c Release tests/FedHybrid.Benchmarks >/dev/null
# In-process: the default out-of-process toolchain rebuilds the project per benchmark class.
dotnet tests/FedHybrid.Benchmarks/bin/Release/net10.0/FedHybrid.Benchmarks.dll \
  --filter "${@:-*}" --job short --inProcess --exporters github
