#!/usr/bin/env bash
# Crypto benchmarks for docs/BENCHMARKS.md, in one run: the machine's own AES-256-GCM speed
# (OpenSSL, the reference) and then FedHybrid's BenchmarkDotNet classes (envelopes, Cobblestone-256
# bodies beside a one-shot AES-GCM reference, KEMs, signatures).
#   experiments/bench/crypto-bench.sh [BenchmarkDotNet filter ...], default '*'
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "## openssl speed -evp aes-256-gcm (single thread), all sizes, then 16 KiB (the chunk size) three times"
openssl speed -seconds 2 -evp aes-256-gcm 2>/dev/null | tail -n 3
# This machine's AES speed drifts by tens of percent from one second to the next; three 16 KiB
# samples show the spread, and the fastest is the (harshest) reference.
for i in 1 2 3; do openssl speed -seconds 3 -bytes 16384 -evp aes-256-gcm 2>/dev/null | tail -n 1; done
dotnet build -c Release tests/FedHybrid.Benchmarks >/dev/null
# In-process: the default out-of-process toolchain rebuilds the project per benchmark class.
dotnet tests/FedHybrid.Benchmarks/bin/Release/net10.0/FedHybrid.Benchmarks.dll \
  --filter "${@:-*}" --inProcess ${BENCH_JOB:---job short} --exporters github
