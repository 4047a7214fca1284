#!/usr/bin/env bash
# Runs the configs of experiments/configs/privacy/costs/ one after the other (never two at once: the times are the
# point), each with `fedhybrid simulate --runs RUNS`. A run whose folder holds summary.json is finished and skipped;
# a folder without one (an interrupted run) is started again with --overwrite. Every start and end goes to
# RUNS/costs.log with the UTC time and `uptime`'s load averages, which costs_report.py prints beside its tables.
#   experiments/privacy/costs.sh BIN/fedhybrid RUNS [CONFIG.json ...]   (default: every config, m100-* first, and in each
#   set the baselines first: FedAvg, secure aggregation alone, then the mechanisms compared with them)
set -u
bin=${1:?usage: costs.sh BIN/fedhybrid RUNS [CONFIG.json ...]}
runs=${2:?usage: costs.sh BIN/fedhybrid RUNS [CONFIG.json ...]}
shift 2
here=$(cd "$(dirname "$0")/../.." && pwd)
if [ $# -eq 0 ]; then
  dir="$here"/experiments/configs/privacy/costs
  set --
  for set in m100 cnn; do
    set -- "$@" "$dir/$set-baseline.json" "$dir/$set-secagg.json"
    for f in "$dir/$set"-cdp-*.json "$dir/$set"-ddp-*.json "$dir/$set"-*.json; do
      case " $* " in *" $f "*) ;; *) set -- "$@" "$f" ;; esac
    done
  done
fi
mkdir -p "$runs"
log="$runs/costs.log"
load() { uptime | sed 's/.*load average: //'; }
for config in "$@"; do
  name=costs-$(basename "$config" .json)
  if [ -f "$runs/$name/summary.json" ]; then echo "skip $name (finished)"; continue; fi
  extra=()
  [ -d "$runs/$name" ] && extra=(--overwrite)
  echo "$name start $(date -u +%FT%TZ) load $(load)" | tee -a "$log"
  "$bin" simulate --config "$config" --runs "$runs" --name "$name" --quiet "${extra[@]}" > "$runs/$name.out" 2>&1
  rc=$?
  echo "$name end $(date -u +%FT%TZ) load $(load) rc $rc" | tee -a "$log"
done
