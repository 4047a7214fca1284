#!/usr/bin/env bash
# The chaos benchmark (issue 10, item 9): the seeded chaos test of tests/FedHybrid.IntegrationTests
# (ChaosTests) over many seeds, then the faults survived per kind summed over the seeds.
#   experiments/chaos/run-chaos.sh [SEEDS] [LOG]     SEEDS: "1-20" or "3,5,8" (default 1-12)
# Run it in the background on a shared machine:
#   nohup nice -n 19 experiments/chaos/run-chaos.sh 1-12 chaos.log > chaos.out 2>&1 &
# A failing seed replays with the same SEEDS value; its run folder is kept and named in the output.
set -euo pipefail
cd "$(dirname "$0")/../.."
seeds=${1:-1-12}
log=$(realpath -m "${2:-chaos-$(date -u +%Y%m%dT%H%M%SZ).log}")
: > "$log"
dotnet build tests/FedHybrid.IntegrationTests -v q -nologo >/dev/null
set +e
FEDHYBRID_CHAOS_SEEDS=$seeds FEDHYBRID_CHAOS_LOG=$log dotnet test tests/FedHybrid.IntegrationTests --no-build \
  --filter "FullyQualifiedName~ChaosTests" --logger "console;verbosity=detailed"
status=$?
set -e
cat "$log"
# "seed N: passed; survived A client kills, B coordinator kills, C connection closes, D delays (...)"
awk '{ n++; if ($3 == "passed;") { p++; ck += $5; co += $8; cl += $11; de += $14 } }
     END { printf "chaos: %d of %d seeds passed; the passed ones survived %d client kills, %d coordinator kills, %d connection closes, %d delays\n", p, n, ck, co, cl, de }' "$log"
exit "$status"
