#!/usr/bin/env bash
# CoNLL04 benchmark: train on conll04_train.json, select the epoch on conll04_dev.json (strict overall F1), tune the
# relation threshold on conll04_dev.json, score conll04_test.json, with the offline MiniLM-L6 encoder, one run per
# seed. Writes benchmarks/results/conll04_minilm.json.
#
#   make benchmark                       # or: bash benchmarks/conll04.sh (inside the venv)
#   SEEDS="1 2 3" NOTE="machine alone" bash benchmarks/conll04.sh
#
# Config: training_config/conll04_minilm.jsonnet (the small-encoder recipe, recipe.libsonnet, 12 epochs).
# Runs go to benchmarks/runs/conll04_minilm/seed_N; a seed whose test metrics already exist is not run again
# (delete the folder to redo it). NOTE is written into the result file (say whether the machine was shared).
set -euo pipefail
cd "$(dirname "$0")/.."
export JNR_DATA=${JNR_DATA:-../shared/data}
python -m joint_ner_re.data.require "$JNR_DATA/conll04/spert-json/conll04_test.json" \
  "$JNR_DATA/conll04/spert-json/conll04_train.json"
python benchmarks/experiment.py conll04_minilm --config training_config/conll04_minilm.jsonnet \
  --seeds ${SEEDS:-1 2 3} --tune-threshold --note "${NOTE:-}"
