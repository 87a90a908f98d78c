"""``allennlp corpus-stats CONFIG_OR_READER PATH...``: what a reader makes of a corpus, as in the paper's Table A.1.

Counts sentences, entities and relations per type for each path, and lists what the reader skipped, repaired or
could not encode in BIOES (its ``counts``), so that differences from published statistics can be explained.
Run it from the repository root (``.allennlp_plugins``) or with ``--include-package joint_ner_re``; equivalently
``python -m joint_ner_re.commands.corpus_stats ...``.
"""
import argparse
import json
from collections import Counter
from typing import Any, Dict, List

from allennlp.common import Params
from allennlp.data import DatasetReader

from joint_ner_re.commands.subcommands import register_subcommand, run_standalone
from joint_ner_re.dataset_readers import counts as names
from joint_ner_re.dataset_readers.sentence_reader import SentenceReader

_STANDARD = {names.SENTENCES, names.ENTITIES, names.RELATIONS}


def build_reader(config_or_reader: str, options: Dict[str, Any]) -> SentenceReader:
    """The ``dataset_reader`` of a training config, or a registered reader by name with ``options``.

    Token indexers are left out: counting needs no encoder (and so no model download)."""
    if config_or_reader.endswith((".jsonnet", ".json", ".libsonnet")):
        params = Params.from_file(config_or_reader).pop("dataset_reader")
        params.pop("token_indexers", None)
        for key, value in options.items():
            params[key] = value
    else:
        params = Params({"type": config_or_reader, **options})
    reader = DatasetReader.from_params(params)
    if not isinstance(reader, SentenceReader):
        raise ValueError(f"{config_or_reader}: corpus-stats needs a joint_ner_re reader, got {type(reader).__name__}")
    return reader


def corpus_statistics(reader: SentenceReader, path: str) -> Dict[str, Any]:
    entities: Counter = Counter()
    relations: Counter = Counter()
    with_relations = 0
    for instance in reader.read(path):
        sentence = instance["metadata"]["sentence"]
        entities.update(entity.type for entity in sentence.entities)
        relations.update(relation.type for relation in sentence.relations)
        with_relations += bool(sentence.relations)
    return {
        "path": path,
        "sentences": reader.counts[names.SENTENCES],
        "sentences_with_relations": with_relations,
        "entities": dict(sorted(entities.items())),
        "relations": dict(sorted(relations.items())),
        "reader_counts": {k: v for k, v in sorted(reader.counts.items()) if k not in _STANDARD and v},
    }


def markdown(statistics: List[Dict[str, Any]]) -> str:
    entity_types = sorted({t for s in statistics for t in s["entities"]})
    relation_types = sorted({t for s in statistics for t in s["relations"]})
    header = ["path", "sentences", "with rel."] + entity_types + ["Σ ent"] + relation_types + ["Σ rel"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for s in statistics:
        row = [s["path"], s["sentences"], s["sentences_with_relations"]]
        row += [s["entities"].get(t, 0) for t in entity_types] + [sum(s["entities"].values())]
        row += [s["relations"].get(t, 0) for t in relation_types] + [sum(s["relations"].values())]
        lines.append("| " + " | ".join(str(cell) for cell in row) + " |")
    notes = [f"- {s['path']}: " + ", ".join(f"{k} {v}" for k, v in s["reader_counts"].items())
             for s in statistics if s["reader_counts"]]
    if notes:
        lines += ["", "Skipped, repaired or not encodable in BIOES (kept in the evaluation gold unless it says skipped):"]
        lines += notes
    return "\n".join(lines)


def run(args: argparse.Namespace) -> None:
    reader = build_reader(args.config_or_reader, json.loads(args.reader_options))
    statistics = [corpus_statistics(reader, path) for path in args.paths]
    print(json.dumps(statistics, indent=2) if args.json else markdown(statistics))


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("config_or_reader", help="a training config (its dataset_reader is used) or a reader name")
    parser.add_argument("paths", nargs="+", help="corpus files or folders, as the reader takes them")
    parser.add_argument("--reader-options", default="{}", help="JSON object of reader options, e.g. '{\"fold\": 0}'")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a Markdown table")


CorpusStats = register_subcommand(
    "corpus-stats", __doc__, "Count sentences, entities and relations per type of a corpus.", _add_arguments, run
)

if __name__ == "__main__":
    run_standalone("joint_ner_re.commands.corpus_stats", __doc__, _add_arguments, run)
