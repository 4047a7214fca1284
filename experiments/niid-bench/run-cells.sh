#!/usr/bin/env bash
# Runs NIID-Bench cells one after another (the machine is shared), recording each cell's wall time.
# Usage: run-cells.sh FEDHYBRID RUNS CELL...   e.g. run-cells.sh ./fedhybrid runs/niid-bench fedavg-iid fedavg-dir0.5
# Each CELL is experiments/configs/niid-bench/CELL.json; a cell whose summary.json exists is skipped.
set -uo pipefail
fedhybrid=$1 runs=$2; shift 2
configs="$(cd "$(dirname "$0")/../configs/niid-bench" && pwd)"
mkdir -p "$runs"
for cell in "$@"; do
  if [ -f "$runs/$cell/summary.json" ]; then echo "$cell: done already"; continue; fi
  resume=(); [ -f "$runs/$cell/config.json" ] && resume=(--resume)
  start=$(date +%s)
  echo "$cell: start $(date -u +%FT%TZ)"
  "$fedhybrid" simulate --config "$configs/$cell.json" --runs "$runs" "${resume[@]}" > "$runs/$cell.out" 2>&1
  status=$?
  echo "$cell: exit $status after $(( $(date +%s) - start )) s"
done
