"""Print benchmark result files as the Markdown rows of the README's benchmark table (mean ± std over seeds).

    python benchmarks/table.py benchmarks/results/conll04_minilm.json ...
"""
import json
import sys

COLUMNS = ("ner_f1", "rel_strict_f1", "rel_boundaries_f1", "rel_paper_f1", "ner_macro_f1", "rel_strict_macro_f1")


def cell(summary: dict) -> str:
    return f"{summary['mean']:.2f} ± {summary['std']:.2f}" if len(summary["runs"]) > 1 else f"{summary['mean']:.2f}"


def main(paths) -> None:
    print("| result file | seeds | " + " | ".join(COLUMNS) + " | wall s / seed |")
    print("|---|---|" + "---|" * len(COLUMNS) + "---|")
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            result = json.load(handle)
        cells = [cell(result[column]) for column in COLUMNS]
        wall = result["wall_seconds"]["mean"]
        print(f"| `{path}` | {len(result['seeds'])} | " + " | ".join(cells) + f" | {wall:.0f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
