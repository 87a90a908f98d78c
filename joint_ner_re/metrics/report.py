"""Render the metrics written by `allennlp evaluate --output-file` as tables.

    python -m joint_ner_re.metrics.report runs/x/test_metrics.json
"""
import json
import sys
from typing import Dict, List

from joint_ner_re.metrics.joint_f1 import MODES

TITLES = {
    "ner": "NER (span + type)",
    "rel_strict": "Relations, strict (spans + types + relation)",
    "rel_boundaries": "Relations, boundaries (spans + relation)",
    "rel_paper": "Relations, as the paper counted (last words + types)",
}


def _types(metrics: Dict[str, float], mode: str) -> List[str]:
    prefix = f"{mode}_f1_"
    return sorted(name[len(prefix):] for name in metrics if name.startswith(prefix))


def render(metrics: Dict[str, float]) -> str:
    """Micro P/R/F1 and macro F1 per counting mode, then per type; scores in percent."""
    lines = [f"{'':54} {'P':>6} {'R':>6} {'F1':>6} {'macroF1':>8}"]
    for mode in MODES:
        p, r, f = (100 * metrics[f"{mode}_{k}"] for k in ("precision", "recall", "f1"))
        lines.append(f"{TITLES[mode]:54} {p:6.2f} {r:6.2f} {f:6.2f} {100 * metrics[f'{mode}_macro_f1']:8.2f}")
    lines.append(f"{'Overall (mean of NER F1 and strict relation F1)':54} {'':6} {'':6} {100 * metrics['overall_f1']:6.2f}")
    for mode in ("ner", "rel_strict"):
        lines.append("")
        lines.append(f"{TITLES[mode]}, per type")
        for label in _types(metrics, mode):
            p, r, f = (100 * metrics[f"{mode}_{k}_{label}"] for k in ("precision", "recall", "f1"))
            lines.append(f"  {label:52} {p:6.2f} {r:6.2f} {f:6.2f}")
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as handle:
        print(render(json.load(handle)))
