# Thin wrapper: every argument goes to `fedhybrid simulate`.
#   ./run-sim.ps1 --config experiments/configs/quickstart.json
# Uses $env:FEDHYBRID (a built fedhybrid executable) when set, else builds and runs the CLI project.
$ErrorActionPreference = 'Stop'
if ($env:FEDHYBRID) {
    & $env:FEDHYBRID simulate @args
} else {
    & dotnet run --project (Join-Path $PSScriptRoot 'src/FedHybrid.Cli') -c Release -- simulate @args
}
exit $LASTEXITCODE
