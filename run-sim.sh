#!/usr/bin/env sh
# Thin wrapper: every argument goes to `fedhybrid simulate`.
#   ./run-sim.sh --config experiments/configs/quickstart.json
# Uses $FEDHYBRID (a built fedhybrid executable) when set, else builds and runs the CLI project.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${FEDHYBRID:-}" ]; then
  exec "$FEDHYBRID" simulate "$@"
fi
exec dotnet run --project "$here/src/FedHybrid.Cli" -c Release -- simulate "$@"
