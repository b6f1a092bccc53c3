#!/usr/bin/env bash
# Load test of `covid-xray serve` with wrk, on loopback only: POSTs a 256x256 PNG to /v1/classify for a
# bounded time at 1, 2, 8 and 64 connections and prints a Markdown table of requests/s, p50/p99 latency,
# 503 answers (the bounded queue refusing load, by design) and errors (other non-2xx answers plus socket
# errors; the target is zero).
#
#   benchmarks/http-load.sh --model BUNDLE [--png FILE] [--duration 30s] [--port 18089]
#       [--connections "1 2 8 64"] [--slow 400] [--soak 50000] [-- SERVE_OPTIONS...]
#
# --slow N repeats the table while N slow clients hold connections open (each sends its headers and a few
#   hundred bytes of a body it never finishes, reconnecting when the server drops it).
# --soak N sends N requests on 8 keep-alive connections in ten rounds (soak.py) and prints the server's resident memory (RSS)
#   after each round.
# Every line starts with the load average; run on a quiet machine for figures worth comparing.
#
# The PNG defaults to the first shared validation image (../shared/data/cxr/val, read in place), else a
# generated one. The CLI is run from cli/target (build it first with
# `mvn -B -q package -DskipTests -pl cli -am`), or by the command in $CLI.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="" png="" duration=30s port=18089 connections="1 2 8 64" slow=0 soak=0 serve_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --png) png="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --slow) slow="$2"; shift 2 ;;
    --soak) soak="$2"; shift 2 ;;
    --) shift; serve_args=("$@"); break ;;
    *) echo "http-load: unknown argument $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "http-load: wrk not found (Debian: apt-get install wrk)" >&2; exit 2; }
work="$(mktemp -d)"
server_pid="" slow_pid=""
cleanup() {
  for pid in "$slow_pid" "$server_pid"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid"; wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "$png" ]; then
  png="$(find "$root/../shared/data/cxr/val" -name '*.png' 2>/dev/null | sort | head -n 1 || true)"
fi
if [ -z "$png" ]; then
  cat > "$work/Draw.java" <<'JAVA'
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;
import javax.imageio.ImageIO;
public class Draw {
    public static void main(String[] a) throws Exception {
        BufferedImage img = new BufferedImage(256, 256, BufferedImage.TYPE_BYTE_GRAY);
        Random r = new Random(1);
        for (int y = 0; y < 256; y++) for (int x = 0; x < 256; x++) {
            boolean lung = Math.abs(Math.abs(x - 128) - 58) < 32 && Math.abs(y - 128) < 77;
            img.getRaster().setSample(x, y, 0, Math.max(0, Math.min(255, (lung ? 60 : 170) + (int) (r.nextGaussian() * 12))));
        }
        ImageIO.write(img, "png", new File(a[0]));
    }
}
JAVA
  java -Djava.awt.headless=true "$work/Draw.java" "$work/synthetic.png"
  png="$work/synthetic.png"
fi

if [ -n "${CLI:-}" ]; then
  read -r -a cli <<< "$CLI"
else
  jar="$root/cli/target/covid-xray-cli.jar"
  [ -f "$jar" ] || { echo "http-load: $jar missing: mvn -B -q package -DskipTests -pl cli -am" >&2; exit 2; }
  cli=(java -Xmx2g -Dai.djl.offline=true -DDJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.djl.ai}"
       -Dai.djl.pytorch.num_interop_threads=1 -Djava.awt.headless=true
       -cp "$jar:$root/cli/target/lib/*" io.github.covidxray.cli.CovidXrayCli)
fi
model_args=()
[ -n "$model" ] && model_args=(--model "$model")
"${cli[@]}" serve --host 127.0.0.1 --port "$port" "${model_args[@]}" "${serve_args[@]}" 2> "$work/server.log" &
server_pid=$!
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/health" >/dev/null || { echo "http-load: server did not start" >&2; cat "$work/server.log" >&2; exit 1; }

url="http://127.0.0.1:$port/v1/classify"
model_line="$(curl -s "http://127.0.0.1:$port/v1/model")"
echo "model: $model_line" >&2
echo "image: $png ($(stat -c %s "$png") bytes); sample answer: $(curl -s -H 'Content-Type: image/png' --data-binary @"$png" "$url")" >&2
export HTTP_LOAD_PNG="$png"
wrk -t 1 -c 1 -d 5s -s "$root/benchmarks/http-load.lua" "$url" > /dev/null # warm-up: JIT, engine caches

load() { cut -d' ' -f1-3 /proc/loadavg; }

table() { # $1: a note for the table's rows
  echo "| connections | requests/s | p50 ms | p99 ms | 503 busy | errors | load (1/5/15 min) | $1"
  echo "|---|---|---|---|---|---|---|"
  for c in $connections; do
    threads=$(( c < 2 ? c : 2 ))
    result="$(wrk -t "$threads" -c "$c" -d "$duration" --timeout 30s --latency -s "$root/benchmarks/http-load.lua" "$url" | grep '^RESULT')"
    field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< " $result"; }
    echo "| $c | $(field rps) | $(field p50_ms) | $(field p99_ms) | $(field busy503) | $(( $(field non2xx) + $(field socket_errors) )) | $(load) |"
  done
}

table "(normal clients only)"

if [ "$slow" -gt 0 ]; then
  # Slow clients for as long as the second table takes, and no longer.
  seconds=$(( ($(sed 's/s$//' <<< "$duration") + 2) * $(wc -w <<< "$connections") + 15 ))
  python3 "$root/benchmarks/slow-clients.py" 127.0.0.1 "$port" "$slow" "$seconds" &
  slow_pid=$!
  sleep 5
  echo
  table "(with $slow slow connections held open)"
  kill "$slow_pid" 2>/dev/null || true; wait "$slow_pid" 2>/dev/null || true; slow_pid=""
fi

if [ "$soak" -gt 0 ]; then
  echo
  python3 "$root/benchmarks/soak.py" "$url" "$png" "$soak" "$server_pid"
fi
