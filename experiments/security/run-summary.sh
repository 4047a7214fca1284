#!/usr/bin/env bash
# Runs every attack on every defence column (experiments/configs/attacks/defences/*.json) one after another (the
# machine is shared), into RUNS/ATTACK-COLUMN, for docs/security-analysis.md's summary table.
# Usage: run-summary.sh FEDHYBRID RUNS [ATTACK...]   (default: every attack `fedhybrid attack --list` names)
# A cell whose attack.json exists is skipped; wall times go to RUNS/summary.log.
set -uo pipefail
fedhybrid=$1 runs=$2; shift 2
columns="$(cd "$(dirname "$0")/../configs/attacks/defences" && pwd)"
attacks=("$@")
[ ${#attacks[@]} -eq 0 ] && mapfile -t attacks < <("$fedhybrid" attack --list | sed -n 's/^\([a-z-]*\): .*/\1/p')
mkdir -p "$runs"
for attack in "${attacks[@]}"; do
  for config in "$columns"/*.json; do
    column=$(basename "$config" .json)
    name="$attack-$column"
    if [ -f "$runs/$name/attack.json" ]; then echo "$name: done already" | tee -a "$runs/summary.log"; continue; fi
    start=$(date +%s)
    "$fedhybrid" attack "$attack" --config "$config" --name "$name" --runs "$runs" --overwrite > "$runs/$name.out" 2>&1
    status=$?
    echo "$name: exit $status after $(( $(date +%s) - start )) s" | tee -a "$runs/summary.log"
  done
done
