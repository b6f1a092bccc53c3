#!/usr/bin/env bash
# Makes model bundles from the shared torchvision fixtures (random weights: for checking loading, numerics
# and speed, never accuracy), with the covid-xray CLI's `bundle` subcommand.
#   tools/make-fixture-bundles.sh [OUT_DIR] [SHARED_MODELS_DIR]
# Defaults: OUT_DIR=target/fixture-bundles, SHARED_MODELS_DIR=../shared/models/torchvision-random.
# Set CLI to run another launcher (default: ./covid-xray at the repository root).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/target/fixture-bundles}"
models="${2:-$root/../shared/models/torchvision-random}"
cli="${CLI:-$root/covid-xray}"
if [ ! -d "$models" ]; then
  echo "make-fixture-bundles: no fixtures at $models (pass the folder as the second argument)" >&2
  exit 2
fi
labels=covid,normal,pneumonia
make_bundle() { # NAME WEIGHTS ARCH
  if [ -f "$models/$2" ]; then
    $cli bundle --weights "$models/$2" --labels "$labels" --arch "$3" --name "$1" --out "$out/$1"
  else
    echo "make-fixture-bundles: $models/$2 absent, skipping $1" >&2
  fi
}
make_bundle mobilenetv2-onnx mobilenet_v2_cls3.onnx mobilenetv2
make_bundle mobilenetv2-torchscript mobilenet_v2_cls3_trace.pt mobilenetv2
make_bundle densenet121-onnx densenet121_cls3.onnx densenet121
echo "bundles in $out; try: $cli classify --model $out/mobilenetv2-onnx --json IMAGES..." >&2
