"""``python -m joint_ner_re.data.require FILE...``: stop with a clear message when a corpus file is missing."""
import sys
from pathlib import Path

WHERE = {
    "conll04": "CoNLL04 in SpERT JSON (conll04_{train,dev,test}.json) is published with SpERT "
    "(github.com/lavis-nlp/spert, scripts/fetch_datasets.sh); put it under $JNR_DATA/conll04/spert-json/",
    "ade": "ADE in SpERT JSON (ade_split_*_{train,test}.json) is published with SpERT "
    "(github.com/lavis-nlp/spert, scripts/fetch_datasets.sh); put it under $JNR_DATA/ade/spert-json/",
}


def main(paths) -> int:
    missing = [Path(p) for p in paths if not Path(p).is_file()]
    for path in missing:
        hint = next((text for corpus, text in WHERE.items() if corpus in str(path)), "")
        print(f"missing corpus file: {path}. {hint}".rstrip(), file=sys.stderr)
    if missing:
        print("Set JNR_DATA to the folder that holds the corpora (default ../shared/data).", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
