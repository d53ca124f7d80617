#!/bin/bash
# EDEN pipeline figures for bench/RESULTS.md ("## EDEN pipeline"): coarse/fine characterization
# and coarse vs fine maps (with validation runs and CPU/GPU energy) per model and format.
# Usage: bench/eden-pipeline.sh [model ...]   (default: lenet5-mnist lenet5-fashion resnet-mnist)
# Outputs: bench/results/eden/map-<model>-<format>.json. Run with nice on shared machines.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/results/eden
mkdir -p "$out"
models=("${@:-lenet5-mnist lenet5-fashion resnet-mnist}")
for model in ${models[@]}; do
  for format in int8 fp32; do
    nice -n 10 npm run --silent eden -- map --model "$model" --format "$format" --partitions 4 \
      --samples 1000 --trials 3 --json > "$out/map-$model-$format.json"
  done
done
