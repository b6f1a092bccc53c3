#!/usr/bin/env bash
# Images/s of XraySpark.classify in local[2] against `covid-xray classify` on the same folder, Spark's fixed
# start-up cost, and peak memory. Copies N images of ../shared/data/cxr/train into a folder under /tmp
# (never committed) and times whole processes, each twice: on one image (fixed cost) and on N images.
#   spark/benchmark.sh [N]      (default 3000; needs the job jar: mvn -o -q -B package -DskipTests -pl spark -am)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
n="${1:-3000}"
train="$root/../shared/data/cxr/train"
jar="$here/target/covid-xray-spark-0.1.0-SNAPSHOT-job.jar"
work="${BENCH_DIR:-/tmp/covidxray-spark-bench}"
[[ -d "$train" ]] || { echo "no shared data at $train" >&2; exit 1; }
[[ -f "$jar" ]] || { echo "build the job jar first: mvn -o -q -B package -DskipTests -pl spark -am" >&2; exit 1; }

rm -rf "$work" && mkdir -p "$work/many" "$work/one"
mapfile -t sources < <(find "$train" -type f -name '*.png' | sort)
for ((i = 0; i < n; i++)); do
  src="${sources[i % ${#sources[@]}]}"
  cp "$src" "$work/many/$((i / ${#sources[@]}))-$(basename "$src")"
done
cp "${sources[0]}" "$work/one/"

# wall seconds and peak RSS (MB) of a command, from GNU time
measure() {
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/$label.out" 2> "$work/$label.err"
  read -r wall rss < "$work/time.txt"
  printf '%-12s wall %6.1f s  peak RSS %5d MB  load: %s\n' "$label" "$wall" "$((rss / 1024))" "$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "$wall" > "$work/$label.wall"
}
spark_job() {   # the spark-submit command line for one folder, as an array (GNU time runs programs, not functions)
  rm -rf "$work/out-$1.parquet"
  job=("$here/spark-submit-local.sh" --master 'local[2]' --conf spark.ui.enabled=false
       --class io.github.covidxray.spark.CorpusJob "$jar" "$work/$1" "$work/out-$1.parquet")
}
"$root/covid-xray" classify --help > /dev/null 2>&1 || true   # build the CLI first, outside the timing

measure cli-1 "$root/covid-xray" classify --json "$work/one"
measure cli-N "$root/covid-xray" classify --json "$work/many"
"$here/spark-submit-local.sh" --version > /dev/null 2>&1 || true   # resolve Spark's class path first
spark_job one && measure spark-1 "${job[@]}"
spark_job many && measure spark-N "${job[@]}"

rate() { awk -v n="$n" -v a="$(cat "$work/$1.wall")" -v b="$(cat "$work/$2.wall")" 'BEGIN { printf "%.1f", (n - 1) / (a - b) }'; }
echo "images: $n; images/s beyond the fixed cost: CLI $(rate cli-N cli-1), Spark local[2] $(rate spark-N spark-1)"
echo "fixed cost (one image, whole process): CLI $(cat "$work/cli-1.wall") s, Spark $(cat "$work/spark-1.wall") s"
grep -h "Spark session started\|loaded .* in [0-9]* ms\|classified" "$work/spark-1.err" "$work/spark-N.err" \
  | sed 's/^.*INFO /spark: /' || true
echo "CLI lines: $(grep -c '"label"' "$work/cli-N.out" || true)"
