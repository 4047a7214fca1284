#!/usr/bin/env bash
# Fuzzes every target for SECONDS each, two at a time (the machine has 2 cores; afl-fuzz runs at nice 19).
#   experiments/fuzz/campaign.sh SECONDS [WORKDIR]
# Then copy WORKDIR/TARGET/min/* into tests/FedHybrid.Fuzz.Tests/Corpus/TARGET/ and record the figures
# (WORKDIR/TARGET/out/default/fuzzer_stats) in docs/reliability.md.
set -euo pipefail
seconds=${1:?seconds}
work=${2:-$HOME/.cache/fedhybrid-fuzz}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
dotnet build "$repo/tests/FedHybrid.Fuzz" -c Release -v quiet -nologo >/dev/null
mapfile -t targets < <(dotnet "$repo/tests/FedHybrid.Fuzz/bin/Release/net10.0/FedHybrid.Fuzz.dll" list)
lane() { for t in "$@"; do "$here/run-afl.sh" "$t" "$seconds" "$work"; done; }
# The first target instruments the build; the second lane waits for it.
lane "${targets[0]}" "${targets[@]:2:4}" &
while [ ! -f "$work/build/.instrumented" ]; do sleep 2; done
lane "${targets[1]}" "${targets[@]:6}" &
wait
