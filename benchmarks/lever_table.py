"""The README's table of relation levers, from the result files of ``experiment.py``.

    python benchmarks/lever_table.py [RESULTS_DIR]      # print it (default benchmarks/results)
    python benchmarks/lever_table.py --write-readme     # replace it in README.md (between its markers)

A lever's result files are named ``CORPUS_minilm_lever_LEVER.json`` (one per corpus it was tried on); the row
``base`` is the recipe before the levers, and the row ``recipe`` is a corpus's benchmark file
``CORPUS_minilm.json`` (its ``*_minilm`` config: the recipe of ``training_config/recipe.libsonnet``). Every Δ is
against the row whose name the lever's name extends (``recipe_x`` against ``recipe``), else against ``base``, on
the same corpus. Scores are test-split F1 in percent (strict relations: spans and types of both arguments and the
relation type), mean ± sample std where there are several seeds; Δ NER and Δ RE are differences of means.
"""
import argparse
import json
import re
from pathlib import Path
from typing import Dict, List, Optional

from readme_blocks import write_readme

CORPORA = ("conll04", "scienceie", "ade")
NAME = re.compile(r"(?P<corpus>[a-z0-9]+)_minilm_lever_(?P<lever>.+)\.json")
RECIPE = re.compile(r"(?P<corpus>[a-z0-9]+)_minilm\.json")
# settings that older result files do not record, and the value they had then
RECORDED_LATER = {
    "sub_token_mode": "first", "last_layer_only": True, "moving_average": None, "entity_pretraining_epochs": 1.0,
    "overlap_policy": "keep_longest",
}


def cell(summary: dict) -> str:
    return f"{summary['mean']:.2f} ± {summary['std']:.2f}" if len(summary["runs"]) > 1 else f"{summary['mean']:.2f}"


def load(folder: Path) -> Dict[str, Dict[str, dict]]:
    """lever -> corpus -> result"""
    levers: Dict[str, Dict[str, dict]] = {}
    for path in sorted(folder.glob("*_minilm*.json")):
        match = NAME.fullmatch(path.name) or RECIPE.fullmatch(path.name)
        if match and match["corpus"] in CORPORA:
            lever = match.groupdict().get("lever") or "recipe"
            levers.setdefault(lever, {})[match["corpus"]] = json.loads(path.read_text())
    return levers


def reference(lever: str, levers: Dict[str, Dict[str, dict]]) -> str:
    """The row a lever is compared with: the longest other row whose name it extends, else ``base``."""
    extended = [other for other in levers if lever.startswith(other + "_")]
    return max(extended, key=len) if extended else "base"


def setting(result: dict, base: Optional[dict]) -> str:
    """What the row changes from the row it is compared with: model options and training settings that differ."""
    if base is None:
        return "as configured"
    mine, theirs = result["settings"], base["settings"]
    changes = [
        f"`model.{key}: {json.dumps(value)}`" for key, value in mine["model"].items()
        if theirs["model"].get(key) != value
    ] + [
        f"`{key}: {json.dumps(value)}`" for key, value in mine.items()
        if key != "model" and theirs.get(key, RECORDED_LATER.get(key, value)) != value
    ]
    if any(result.get("relation_thresholds") or []) and not any(base.get("relation_thresholds") or []):
        changes.append("threshold tuned on dev")
    return ", ".join(changes) or "the same settings"


def table(levers: Dict[str, Dict[str, dict]]) -> str:
    corpora = [corpus for corpus in CORPORA if any(corpus in results for results in levers.values())]
    head = ["lever", "setting", "seeds", "Δ against"]
    for corpus in corpora:
        head += [f"{corpus} {column}" for column in ("NER", "Δ NER", "RE", "RE P / R", "Δ RE", "s/seed")]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for lever in sorted(levers, key=lambda name: (name != "base", name)):
        results, against = levers[lever], reference(lever, levers)
        base = levers.get(against, {}) if lever != "base" else {}
        corpus, first = next(iter(results.items()))
        row = [lever, setting(first, base.get(corpus)), ",".join(first["seeds"]), against if base else "–"]
        for corpus in corpora:
            result = results.get(corpus)
            if result is None:
                row += ["–"] * 6
                continue
            delta = lambda score: (
                f"{result[score]['mean'] - base[corpus][score]['mean']:+.2f}" if corpus in base else "–"
            )
            precision_recall = f"{result['rel_strict_precision']['mean']:.1f} / {result['rel_strict_recall']['mean']:.1f}"
            row += [cell(result["ner_f1"]), delta("ner_f1"), cell(result["rel_strict_f1"]), precision_recall,
                    delta("rel_strict_f1"), f"{result['wall_seconds']['mean']:.0f}"]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", nargs="?", type=Path, default=Path(__file__).resolve().parent / "results")
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args(argv)
    levers = table(load(args.results))
    print(levers)
    if args.write_readme:
        write_readme({"levers": levers})


if __name__ == "__main__":
    main()
