#!/usr/bin/env bash
# Coverage-guided fuzzing of one FedHybrid parser with SharpFuzz + AFL++ (Debian's afl++).
#
#   experiments/fuzz/run-afl.sh TARGET SECONDS [WORKDIR]
#
# Builds tests/FedHybrid.Fuzz in Release, instruments the FedHybrid assemblies with the SharpFuzz tool
# (.config/dotnet-tools.json), seeds afl-fuzz with the target's real-artefact seeds plus the corpus kept in
# tests/FedHybrid.Fuzz.Tests/Corpus/TARGET, fuzzes for SECONDS at nice 19, then minimizes the queue
# with afl-cmin into WORKDIR/TARGET/min. Crashes and hangs stay in WORKDIR/TARGET/out/default/.
# Copy WORKDIR/TARGET/min over the kept corpus to update it; replay any input with
#   dotnet tests/FedHybrid.Fuzz/bin/Release/net10.0/FedHybrid.Fuzz.dll run TARGET FILE
# (the plain build: the instrumented one runs only under afl-fuzz). Targets: ... FedHybrid.Fuzz.dll list
set -euo pipefail
target=${1:?target}
seconds=${2:?seconds}
work=${3:-$HOME/.cache/fedhybrid-fuzz}  # afl-cmin refuses to run under /tmp
repo=$(cd "$(dirname "$0")/../.." && pwd)
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 2; }
# afl-cmin wants the binary by its path.
dotnet=$(readlink -f "$(command -v dotnet)")

plain=$repo/tests/FedHybrid.Fuzz/bin/Release/net10.0
build=$work/build
# One instrumented build per WORKDIR: SharpFuzz rewrites assemblies in place, so instrument a copy once.
if [ ! -f "$build/.instrumented" ]; then
  dotnet build "$repo/tests/FedHybrid.Fuzz" -c Release -v quiet -nologo >/dev/null
  rm -rf "$build" && mkdir -p "$build"
  # TorchSharp's native libraries (1 GB) are never loaded by these parsers.
  (cd "$plain" && tar --exclude=./runtimes -cf - .) | (cd "$build" && tar -xf -)
  (cd "$repo" && dotnet tool restore >/dev/null)
  for assembly in FedHybrid.Crypto FedHybrid.Federation FedHybrid.Deployment FedHybrid.Experiments FedHybrid.Learning; do
    (cd "$repo" && dotnet sharpfuzz "$build/$assembly.dll")
  done
  touch "$build/.instrumented"
fi

dir=$work/$target
rm -rf "$dir" && mkdir -p "$dir/in"
# Instrumented code runs only under afl-fuzz: seeds come from the plain build.
dotnet "$plain/FedHybrid.Fuzz.dll" seeds "$dir/seeds" >/dev/null
cp "$dir/seeds/$target/"* "$dir/in/"
if [ -d "$repo/tests/FedHybrid.Fuzz.Tests/Corpus/$target" ]; then cp "$repo/tests/FedHybrid.Fuzz.Tests/Corpus/$target/"* "$dir/in/"; fi

# A 512 MB heap cap: an input that makes a parser allocate more shows up as a crash
# (OutOfMemoryException) instead of taking the shared machine's memory.
export DOTNET_GCHeapHardLimit=0x20000000
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
# 5 s per input before afl calls it a hang: generous for the slowest honest input (RSA-4096, PBKDF2).
nice -n 19 afl-fuzz -i "$dir/in" -o "$dir/out" -t 5000 -m none -V "$seconds" -- "$dotnet" "$build/FedHybrid.Fuzz.dll" fuzz "$target" > "$dir/afl.log" 2>&1 || true
nice -n 19 afl-cmin -i "$dir/out/default/queue" -o "$dir/min" -t 5000 -m none -- "$dotnet" "$build/FedHybrid.Fuzz.dll" fuzz "$target" > "$dir/cmin.log" 2>&1 || true
echo "== $target"
grep -E "execs_done|execs_per_sec|run_time|saved_crashes|saved_hangs|corpus_count|bitmap_cvg" "$dir/out/default/fuzzer_stats" || true
echo "minimized corpus: $(ls "$dir/min" 2>/dev/null | wc -l) files in $dir/min"
