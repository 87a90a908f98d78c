#!/usr/bin/env bash
# Table 2 of the paper on CoNLL04 with the offline MiniLM-L6 encoder: the full model (the paper's model and protocol,
# training_config/conll04_minilm_paper.jsonnet: train + dev, 4 epochs, the last scored on test), the ablations
# (a)-(e) and the gold-entity mode, each a config under training_config/ablations/, each over SEEDS (default 1 2 3).
# Writes benchmarks/results/conll04_minilm_ablation_NAME.json; `python benchmarks/paper_tables.py` prints the table.
#
#   bash benchmarks/ablations.sh                     # inside the venv; resumable: finished seeds are kept
#   SEEDS="1 2 3" NOTE="machine alone" bash benchmarks/ablations.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export JNR_DATA=${JNR_DATA:-../shared/data}
python -m joint_ner_re.data.require "$JNR_DATA/conll04/spert-json/conll04_train.json" \
  "$JNR_DATA/conll04/spert-json/conll04_dev.json" "$JNR_DATA/conll04/spert-json/conll04_test.json"
for name in full no_entity_pretraining no_entity_embeddings shared_ffnn no_head_tail_ffnn no_bilinear gold_entities; do
  python benchmarks/experiment.py "conll04_minilm_ablation_$name" \
    --config "training_config/ablations/conll04_minilm_$name.jsonnet" --seeds ${SEEDS:-1 2 3} --note "${NOTE:-}"
done
# the measured effect of the paper's candidate rule: the full model's archives scored with every decoded entity
python benchmarks/experiment.py conll04_minilm_ablation_full_entity_candidates \
  --config training_config/ablations/conll04_minilm_full.jsonnet --archives-of conll04_minilm_ablation_full \
  --overrides '{"model.relation_candidates": "entities"}' --seeds ${SEEDS:-1 2 3} --note "${NOTE:-}"
python benchmarks/paper_tables.py
