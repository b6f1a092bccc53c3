#!/usr/bin/env bash
# Issue 13's throughput and start-up table in one run, on the bundled default model (MobileNetV2, 1x128x128,
# ONNX Runtime): JMH bare forward vs the pipelined path from PNG files, cold start of one image, 333 images
# whole process against the Python route at the same input size, and peak RSS on 1,000 vs 20,000 files.
# Prints Markdown with the load (uptime) next to each part. Files go to /tmp and are removed at the end.
#
#   benchmarks/throughput.sh            # everything (about 10 minutes on a quiet 2-core machine)
#   RUNS=3 SKIP_JMH=1 SKIP_START=1 benchmarks/throughput.sh   # fewer runs, without the JMH or start-up parts
#
# Needs ../shared/data/cxr for the 333 X-rays and /usr/bin/python3 with Debian's python3-torch,
# python3-torchvision and python3-pil for the Python side (skipped with a note when absent).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${COVIDXRAY_SHARED:-$root/../shared}"
runs="${RUNS:-5}"
tmp="$(mktemp -d /tmp/covidxray-throughput.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
cd "$root"

load() { echo "load: $(uptime | sed 's/.*load average: //')"; }
stats() { sort -n | awk '{a[NR]=$1} END {printf "min %.2f / median %.2f / max %.2f s (%d runs)", a[1], a[int((NR+1)/2)], a[NR], NR}'; }
wall() { /usr/bin/time -f "%e" "$@" 2>&1 >/dev/null | tail -1; }

echo "# covid-xray throughput, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
echo
mvn -o -q -B -Dstyle.color=never package -DskipTests -Dmaven.javadoc.skip=true -pl cli,benchmarks -am >&2
./covid-xray classify samples/covid-pa-1.jpg >/dev/null 2>&1   # first run after a build writes the CDS archive

java_bench=(java -Djmh.ignoreLock=true -Dai.djl.offline=true -Dai.djl.onnx.disable_alternative=true -Dcovidxray.shared.dir="$shared"
  -cp benchmarks/target/benchmarks.jar)

if [ -z "${SKIP_JMH:-}" ]; then
  echo "## Bare forward vs pipelined from PNG files (images/s, JMH throughput, mean of 3 x 4 s)"
  echo
  echo "$(load) (before)"
  "${java_bench[@]}" org.openjdk.jmh.Main PipelineBenchmark -f 1 -wi 2 -w 3 -i 3 -r 4 -rf csv -rff "$tmp/jmh.csv" \
    >"$tmp/jmh.log" 2>&1 || { tail -20 "$tmp/jmh.log"; exit 1; }
  echo
  echo "| batch | intra-op threads | bare forward | pipelined from files | ratio |"
  echo "|---|---|---|---|---|"
  awk -F, 'NR > 1 { gsub(/["\r]/, ""); name = $1; sub(/.*\./, "", name); v[name "|" $8 "|" $9] = $5 }
    END { for (b = 1; b <= 8; b += 7) for (t = 1; t <= 2; t++) { k = b "|" t; f = v["bareForward|" k]; p = v["pipelinedFromFiles|" k];
      if (f > 0) printf "| %d | %d | %.0f | %.0f | %.0f%% |\n", b, t, f, p, 100 * p / f } }' "$tmp/jmh.csv"
  echo
  echo "$(load) (after)"
  echo
fi

if [ -z "${SKIP_START:-}" ]; then
echo "## Where a cold start goes (\`StartupBreakdown\`, default model, steps one after another, no CDS archive)"
echo
for _ in 1 2 3; do
  "${java_bench[@]}" io.github.covidxray.benchmarks.StartupBreakdown samples/covid-pa-1.jpg 2>/dev/null | sed 's/^/- /'
done
echo
echo "## One image, command to answer (\`./covid-xray classify samples/covid-pa-1.jpg\`)"
echo
echo "$(load) (before)"
echo
echo "| launcher setting | wall time | CPU time (user + sys), median |"
echo "|---|---|---|"
one_image() {   # $1: label, rest: environment assignments for the launcher
  local label="$1"; shift
  local walls=() cpus=()
  for _ in $(seq "$runs"); do
    env "$@" /usr/bin/time -f "%e %U %S" -o "$tmp/t.txt" ./covid-xray classify samples/covid-pa-1.jpg >/dev/null 2>&1
    read -r w u s <"$tmp/t.txt"
    walls+=("$w"); cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')")
  done
  echo "| $label | $(printf '%s\n' "${walls[@]}" | stats) | $(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.2f s", a[int((NR+1)/2)]}') |"
}
one_image "default (CDS archive, ONNX Runtime native path, no libtorch)" COVIDXRAY_DEFAULTS=1
one_image "ONNX Runtime unpacks its native library (no onnxruntime.native.path)" COVIDXRAY_NO_ORT_NATIVE=1
one_image "no CDS archive" COVIDXRAY_NO_CDS=1
# As before issue 13: no archive, and PyTorch loaded as ONNX Runtime's helper engine.
one_image "no CDS archive, no native path, libtorch loaded (as before)" COVIDXRAY_NO_CDS=1 COVIDXRAY_NO_ORT_NATIVE=1 \
  COVIDXRAY_JAVA_OPTS="-Xmx4g -Dai.djl.onnx.disable_alternative=false"
echo
echo "$(load) (after)"
echo
fi

if [ -d "$shared/data/cxr" ]; then
  mkdir -p "$tmp/cxr-333"
  find "$shared/data/cxr/val" "$shared/data/cxr/train" -name '*.png' | sort | awk 'NR <= 333' | while read -r f; do
    ln -s "$f" "$tmp/cxr-333/$(echo "$f" | md5sum | cut -c1-12).png"
  done
  echo "## 333 X-rays (256x256 PNG), whole process, model input 128x128, 2 threads"
  echo
  echo "$(load) (before)"
  echo
  peer="$shared/tools/peers/classify_dir.py"
  have_py=""
  if /usr/bin/python3 -c 'import torch, torchvision, PIL' 2>/dev/null; then have_py=1; fi
  jt=(); pt=()
  for _ in $(seq "$runs"); do   # alternate, so both sides see the same load
    jt+=("$(wall ./covid-xray classify "$tmp/cxr-333")")
    if [ -n "$have_py" ]; then pt+=("$(wall /usr/bin/python3 "$peer" "$tmp/cxr-333" 128)"); fi
  done
  echo "| route | wall time |"
  echo "|---|---|"
  echo "| \`./covid-xray classify DIR\` (ONNX Runtime) | $(printf '%s\n' "${jt[@]}" | stats) |"
  if [ -n "$have_py" ]; then
    echo "| \`classify_dir.py DIR 128\` (PIL + torchvision + torch MobileNetV2) | $(printf '%s\n' "${pt[@]}" | stats) |"
    jm="$(printf '%s\n' "${jt[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
    pm="$(printf '%s\n' "${pt[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
    echo
    echo "Python / Java, medians: $(awk -v p="$pm" -v j="$jm" 'BEGIN {printf "%.1fx", p / j}')"
  else
    echo
    echo "(Python side skipped: /usr/bin/python3 lacks torch, torchvision or PIL)"
  fi
  echo
  echo "$(load) (after)"
  echo
else
  echo "(333-image comparison skipped: $shared/data/cxr is absent)"
fi

echo "## Peak RSS, \`./covid-xray classify DIR\` over generated 256x256 PNGs (hard links)"
echo
echo "$(load) (before)"
echo
echo "| files | wall time | peak RSS |"
echo "|---|---|---|"
for n in 1000 20000; do
  "${java_bench[@]}" io.github.covidxray.benchmarks.BenchFiles "$tmp/rss-$n" "$n" 2>/dev/null
  /usr/bin/time -f "%e %M" -o "$tmp/rss.txt" ./covid-xray classify "$tmp/rss-$n" >/dev/null 2>&1 || true
  read -r secs kb <"$tmp/rss.txt"
  echo "| $n | $secs s | $((kb / 1024)) MB |"
  rm -rf "$tmp/rss-$n"
done
echo
echo "$(load) (after)"
