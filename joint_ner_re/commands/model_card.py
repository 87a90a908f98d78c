"""``allennlp model-card ARCHIVE``: what a trained ``model.tar.gz`` is, from the card it carries.

The card (``model_card.json``, written when the archive is made; see ``joint_ner_re.archive``) names the encoder
(and whether its files travel in the archive), the data of every split (path, size, SHA-256), the entity and
relation types, the metrics of every split (training, the best validation epoch, test where it was evaluated),
the seed, the command that trained it and the versions of the plugin, AllenNLP, PyTorch, Transformers and Python.
``--json`` prints the card as it is stored.
"""
import argparse
import json
from typing import Any, Dict, List

from joint_ner_re.archive import read_card
from joint_ner_re.commands.subcommands import register_subcommand

HEADLINE = ("ner_f1", "rel_strict_f1", "rel_boundaries_f1", "rel_paper_f1", "overall_f1", "loss")


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("archive_file", help="a model.tar.gz (or its unpacked folder)")
    parser.add_argument("--json", action="store_true", help="print the card as JSON")


def _run(args: argparse.Namespace) -> None:
    card = read_card(args.archive_file)
    print(json.dumps(card, indent=2, ensure_ascii=False) if args.json else render(card))


ModelCard = register_subcommand("model-card", __doc__.split("\n\n", 1)[1], "Show a model card.", _add_arguments, _run)


def _splits(section: Dict[str, Any]):
    return [(split, section[split]) for split in ("train", "validation", "test") if section.get(split)]


def _facts(item: Dict[str, Any]) -> str:
    facts = ", ".join(f"{key} {item[key]}" for key in ("bytes", "files", "sha256") if key in item)
    return f" ({facts})" if facts else ""


def _headline(values: Dict[str, Any]) -> str:
    return "  ".join(
        f"loss {values[name]:.4f}" if name == "loss" else f"{name} {100 * values[name]:.2f}"
        for name in HEADLINE if isinstance(values.get(name), (int, float))
    )


def render(card: Dict[str, Any]) -> str:
    """The card as text: one block per part, the headline metrics of every split in percent."""
    encoder = card.get("encoder") or {}
    lines: List[str] = [f"model: {card.get('model')}  (archived {card.get('created')})"]
    carried = "carried in the archive" if encoder.get("carried_in_archive") else "not carried: needs the hub or cache"
    details = ", ".join(f"{key} {encoder[key]}" for key in ("model_type", "hidden_size", "num_hidden_layers")
                        if encoder.get(key) is not None)
    lines.append(f"encoder: {encoder.get('model_name')} ({carried}{'; ' + details if details else ''})")
    data = card.get("data") or {}
    lines.append(f"reader: {json.dumps(data.get('reader'), ensure_ascii=False)}")
    lines.extend(f"data {split}: {item['path']}{_facts(item)}" for split, item in _splits(data))
    labels = card.get("labels") or {}
    lines.append(f"entity types: {', '.join(labels.get('entity_types') or []) or '-'}")
    lines.append(f"relation types: {', '.join(labels.get('relation_types') or []) or '-'}")
    metrics = card.get("metrics") or {}
    lines.append(f"metrics (best epoch {metrics.get('best_epoch')}):")
    lines.extend(f"  {split}: {_headline(values)}" for split, values in _splits(metrics))
    after = card.get("model_options_set_after_training")
    if after:
        options = ", ".join(f"{name} {json.dumps(value)}" for name, value in after.items())
        lines.append(f"model options set after training (the metrics above are without them): {options}")
    lines.append(f"seed: {card.get('seed')}")
    command = card.get("command") or {}
    lines.append(f"command: {command.get('argv')}  (in {command.get('cwd')})")
    versions = card.get("versions") or {}
    lines.append("versions: " + ", ".join(f"{name} {value}" for name, value in versions.items() if value))
    return "\n".join(lines)
