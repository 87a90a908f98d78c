"""How many gold relations a trained model's entities let it reach, and how many of those its relation scorer finds.

    python benchmarks/relation_reach.py RUN/seed_*/model.tar.gz --path $JNR_DATA/scienceie/test \\
        [--threshold T [T ...]] [--gold-entities] [--out FILE]

The model scores the pairs of the entities it predicts, so a gold relation can be found only where both of its
entities are predicted exactly, span and type: that is the ceiling NER sets for any relation scorer. Per relation
type of the path's gold standard, run with the archive's validation reader:
- ``gold``: gold relations;
- ``spans_reached``: both arguments' spans among the predicted entities (types aside);
- ``reached``: both arguments among the predicted entities, span and type;
- ``found``: relations the model outputs (strict, as ``rel_strict_recall`` counts: a direction-free type in either
  order), at ``--threshold``, else the archive's ``relation_threshold``, else the argmax rule;
- ``nested_argument``: an argument overlaps a gold entity other than the relation's two arguments (BIOES holds only
  one of the two).
``found / reached`` is the scorer's recall where NER let it try; ``reached / gold`` the ceiling. With
``--gold-entities`` the model is given the gold entities (``model.gold_entities``): ``reached`` is then every
relation whose two arguments the BIOES tags hold, and ``found / reached`` the scorer's recall without NER errors.
"""
import argparse
import json
import sys
from collections import Counter
from typing import Any, Dict, List, Optional, Sequence

from allennlp.models.archival import load_archive

from joint_ner_re.commands.tune_threshold import Scored, indexed_instances, predictions
from joint_ner_re.metrics.joint_f1 import JointNerReF1

COUNTS = ("gold", "spans_reached", "reached", "found", "nested_argument")


def reach_counts(scored: List[Scored], symmetric: Sequence[str]) -> Dict[str, Dict[str, int]]:
    """``{type: {count: n}}`` over sentences of (predicted entities, predicted relations, gold sentence)."""
    counts: Dict[str, Counter] = {}
    strict = JointNerReF1(symmetric)  # its relation keys: the strict match, direction-free for symmetric types
    for entities, relations, sentence in scored:
        typed = set(entities)
        spans = {(entity.start, entity.end) for entity in entities}
        output = strict.keys((), [(entities[head], entities[tail], label) for head, tail, label, _ in relations])
        for relation in sentence.relations:
            head, tail = sentence.entities[relation.head], sentence.entities[relation.tail]
            others = [e for i, e in enumerate(sentence.entities) if i not in (relation.head, relation.tail)]
            found = strict.keys((), [(head, tail, relation.type)])["rel_strict"] <= output["rel_strict"]
            counts.setdefault(relation.type, Counter()).update({
                "gold": 1,
                "spans_reached": (head.start, head.end) in spans and (tail.start, tail.end) in spans,
                "reached": head in typed and tail in typed,
                "found": found,
                "nested_argument": any(argument.overlaps(other) for argument in (head, tail) for other in others),
            })
    return {label: {name: int(c[name]) for name in COUNTS} for label, c in sorted(counts.items())}


def reach(archive_file: str, path: str, threshold: Optional[float] = None, gold_entities: bool = False,
          batch_size: int = 32) -> Dict[str, Any]:
    archive = load_archive(archive_file, overrides={"model.gold_entities": gold_entities})
    model = archive.model
    model.eval()
    if threshold is not None:
        model.relation_threshold = threshold
    scored = predictions(model, indexed_instances(archive.validation_dataset_reader, path), batch_size)
    per_type = reach_counts(scored, model.symmetric_relation_types)
    total = {name: sum(c[name] for c in per_type.values()) for name in COUNTS}
    return {"archive": archive_file, "path": path, "threshold": model.relation_threshold,
            "gold_entities": gold_entities, "types": per_type, "all": total}


def _table(result: Dict[str, Any]) -> str:
    def percent(part: int, whole: int) -> str:
        return f"{100 * part / whole:.1f}" if whole else "–"

    lines = ["| type | " + " | ".join(COUNTS) + " | reached / gold % | found / reached % | found / gold % |",
             "|---" * (len(COUNTS) + 4) + "|"]
    for label, c in [*result["types"].items(), ("all", result["all"])]:
        lines.append(f"| {label} | " + " | ".join(str(c[name]) for name in COUNTS) + f" | {percent(c['reached'], c['gold'])}"
                     f" | {percent(c['found'], c['reached'])} | {percent(c['found'], c['gold'])} |")
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("archive_files", nargs="+", help="one model.tar.gz or several (the seeds of a run)")
    parser.add_argument("--path", required=True, help="annotated data, read with each archive's validation reader")
    parser.add_argument("--threshold", type=float, nargs="+",
                        help="one value for all archives, or one per archive; default: each archive's "
                        "relation_threshold, else argmax")
    parser.add_argument("--gold-entities", action="store_true", help="give the model the gold entities")
    parser.add_argument("--out", help="write the results as JSON")
    parser.add_argument("--note", help="where and how it ran, written into the result")
    args = parser.parse_args(argv)
    thresholds = args.threshold or [None]
    if len(thresholds) == 1:
        thresholds = thresholds * len(args.archive_files)
    if len(thresholds) != len(args.archive_files):
        parser.error(f"--threshold: expected one value or {len(args.archive_files)}, got {len(thresholds)}")
    result: Dict[str, Any] = {
        "command": "python benchmarks/relation_reach.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "runs": [reach(archive, args.path, threshold, args.gold_entities)
                 for archive, threshold in zip(args.archive_files, thresholds)],
    }
    if args.note:
        result["note"] = args.note
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(result, indent=1) + "\n")
    for run in result["runs"]:
        print(f"{run['archive']} (threshold {run['threshold']})\n{_table(run)}\n")


if __name__ == "__main__":
    main()
