"""Is a trained model's relation scorer short of training, or are its features the limit? A probe.

    python benchmarks/relation_probe.py RUN/model.tar.gz $JNR_DATA/scienceie/train $JNR_DATA/scienceie/dev \\
        --steps 1500 6000 --seeds 1 2 [--threshold T] [--out FILE]

The archive is run over both paths with the gold entities given (``gold_entities``), in evaluation mode (no
dropout); for every ordered pair of gold entities that are relation candidates (under ``relation_candidates:
end_tags``, those ending on an ``E-``/``S-`` tag; a gold relation whose argument the BIOES tags cannot hold is not
counted) the probe keeps what the relation head reads, the entity vectors and the pair context, and the pair's target
class. A fresh relation head (head and tail FFNNs and pair scorer, initialised as in a new model of the archive's
config) is then trained on the first path's pairs alone, the encoder frozen: ``--steps`` optimiser steps of
``--batch-size`` sentences drawn from those with a pair, with the optimiser and learning-rate schedule of the
archive's trainer (not its gradient clipping). Reported for the archive's own head (trained jointly with the encoder)
and for each fresh head, per relation type: pair-level recall and precision on both paths, at ``--threshold``, else
the archive's ``relation_threshold``, else the argmax rule (all heads at the same one). A symmetric type counts both
directions of a pair.

A fresh head that fits the first path's pairs far better than the archive's own, yet scores little better on the
second, says that more training of this scorer would not help much there: the pair features it reads are the limit.
"""
import argparse
import json
import random
import sys
import time
from typing import Any, Dict, List, NamedTuple, Optional

import torch
from allennlp.common.util import lazy_groups_of
from allennlp.models import Model
from allennlp.models.archival import load_archive
from allennlp.nn.util import get_text_field_mask
from allennlp.training.learning_rate_schedulers import LearningRateScheduler
from allennlp.training.optimizers import Optimizer

from joint_ner_re.commands.tune_threshold import indexed_instances, model_batches
from joint_ner_re.models.joint_ner_re import JointNerRe, relation_decisions

HEAD_MODULES = ("head_ffnn", "tail_ffnn", "pair_scorer")


class SentencePairs(NamedTuple):
    """What the relation head reads of one sentence's gold entities, and the targets of their pairs."""

    vectors: torch.Tensor  # (1, n, dim)
    context: Optional[torch.Tensor]  # (1, n, n, context_dim)
    targets: torch.LongTensor  # (1, n, n)
    pair_mask: torch.BoolTensor  # (1, n, n)


def gold_pairs(model: JointNerRe, reader, path: str, batch_size: int = 32) -> List[SentencePairs]:
    """Every sentence of ``path`` with at least one candidate pair, through ``model`` with the gold entities given."""
    captured: Dict[str, Any] = {}
    hooks = [model.entity_representation.register_forward_hook(
        lambda module, inputs, output: captured.update(candidates=inputs[1], vectors=output))]
    if model.pair_context is not None:
        hooks.append(model.pair_context.register_forward_hook(
            lambda module, inputs, output: captured.update(context=output)))
    sentences: List[SentencePairs] = []
    try:
        with torch.no_grad():
            for tensors, _ in model_batches(model, indexed_instances(reader, path), batch_size):
                candidates, context = captured["candidates"], captured.get("context")
                gold = model.tag_scheme.decode(tensors["tags"], get_text_field_mask(tensors["tokens"]))
                targets = model.relation_targets.targets(
                    candidates, gold, tensors["relations"].long(), model.symmetric_classes)
                pair_mask = candidates.pair_mask()
                for row in range(pair_mask.size(0)):
                    n = int(candidates.mask[row].sum())
                    if n < 2:
                        continue
                    sentences.append(SentencePairs(
                        captured["vectors"][row:row + 1, :n],
                        None if context is None else context[row:row + 1, :n, :n],
                        targets[row:row + 1, :n, :n],
                        pair_mask[row:row + 1, :n, :n],
                    ))
    finally:
        for hook in hooks:
            hook.remove()
    return sentences


def padded(sentences: List[SentencePairs]) -> SentencePairs:
    """Sentences as one batch, padded to the largest number of entities (padding pairs masked out)."""
    n = max(s.vectors.size(1) for s in sentences)

    def pad(tensor: torch.Tensor, dims: int) -> torch.Tensor:
        sizes = [0, 0] * (tensor.dim() - 1 - dims) + [d for size in reversed(tensor.shape[1:1 + dims])
                                                      for d in (0, n - size)]
        return torch.nn.functional.pad(tensor, sizes)

    return SentencePairs(
        torch.cat([pad(s.vectors, 1) for s in sentences]),
        None if sentences[0].context is None else torch.cat([pad(s.context, 2) for s in sentences]),
        torch.cat([pad(s.targets, 2) for s in sentences]),
        torch.cat([pad(s.pair_mask, 2) for s in sentences]),
    )


def head_scores(head: torch.nn.ModuleDict, batch: SentencePairs) -> torch.Tensor:
    return head["pair_scorer"](head["head_ffnn"](batch.vectors), head["tail_ffnn"](batch.vectors), batch.context)


def pair_recall_precision(head: torch.nn.ModuleDict, sentences: List[SentencePairs], labels: List[str],
                          threshold: Optional[float]) -> Dict[str, Dict[str, Any]]:
    """Per relation type: gold pairs, pairs predicted, pairs right, recall and precision."""
    counts = {label: [0, 0, 0] for label in labels[1:]}  # gold, predicted, right
    head.eval()
    with torch.no_grad():
        for group in lazy_groups_of(sentences, 64):
            sentence = padded(group)
            label, _, is_relation = relation_decisions(head_scores(head, sentence), threshold)
            mask = sentence.pair_mask
            for class_id, name in enumerate(labels[1:], start=1):
                gold = mask & (sentence.targets == class_id)
                predicted = mask & is_relation & (label == class_id)
                counts[name][0] += int(gold.sum())
                counts[name][1] += int(predicted.sum())
                counts[name][2] += int((gold & predicted).sum())
    return {name: {"gold": gold, "predicted": predicted, "right": right,
                   "recall": round(right / gold, 4) if gold else None,
                   "precision": round(right / predicted, 4) if predicted else None}
            for name, (gold, predicted, right) in counts.items()}


def relation_head(model: JointNerRe) -> torch.nn.ModuleDict:
    """The model's relation head: what reads the entity vectors and pair contexts and scores the pairs."""
    return torch.nn.ModuleDict({name: getattr(model, name) for name in HEAD_MODULES})


def fresh_head(archive, seed: int) -> torch.nn.ModuleDict:
    """The relation head of a new model of the archive's config, initialised with ``seed``."""
    torch.manual_seed(seed)
    return relation_head(Model.from_params(vocab=archive.model.vocab, params=archive.config["model"].duplicate()))


def train_head(archive, head: torch.nn.ModuleDict, sentences: List[SentencePairs], steps: int, batch_size: int,
               seed: int) -> float:
    """``steps`` optimiser steps on the frozen pairs, with the archive trainer's optimiser and schedule; the last
    batch's loss."""
    trainer = archive.config["trainer"]
    optimizer = Optimizer.from_params(model_parameters=list(head.named_parameters()),
                                      params=trainer["optimizer"].duplicate())
    scheduler = LearningRateScheduler.from_params(
        optimizer=optimizer, num_epochs=1, num_steps_per_epoch=steps,
        params=trainer["learning_rate_scheduler"].duplicate())
    loss_of = archive.model.relation_targets.loss
    generator = random.Random(seed)
    order: List[int] = []
    head.train()
    loss = torch.tensor(0.0)
    for step in range(steps):
        if len(order) < batch_size:
            order += generator.sample(range(len(sentences)), len(sentences))
        batch, order = padded([sentences[i] for i in order[:batch_size]]), order[batch_size:]
        loss = loss_of(head_scores(head, batch), batch.targets, batch.pair_mask)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scheduler.step_batch(step + 1)
    return loss.item()


def probe(archive_file: str, train_path: str, other_path: str, steps: List[int], seeds: List[int],
          batch_size: int, threshold: Optional[float]) -> Dict[str, Any]:
    archive = load_archive(archive_file, overrides={"model.gold_entities": True})
    model: JointNerRe = archive.model
    model.eval()
    if threshold is None:
        threshold = model.relation_threshold
    reader = archive.validation_dataset_reader
    pairs = {"train": gold_pairs(model, reader, train_path), "other": gold_pairs(model, reader, other_path)}
    labels = model.relation_labels

    def scored(head: torch.nn.ModuleDict) -> Dict[str, Any]:
        return {split: pair_recall_precision(head, found, labels, threshold) for split, found in pairs.items()}

    result: Dict[str, Any] = {
        "archive": archive_file, "train_path": train_path, "other_path": other_path, "threshold": threshold,
        "batch_size": batch_size, "sentences": {split: len(found) for split, found in pairs.items()},
        "heads": [{"head": "archived", **scored(relation_head(model))}],
    }
    for count in steps:
        for seed in seeds:
            started = time.time()
            head = fresh_head(archive, seed)
            last_loss = train_head(archive, head, pairs["train"], count, batch_size, seed)
            result["heads"].append({
                "head": "fresh", "steps": count, "seed": seed, "last_batch_loss": round(last_loss, 4),
                "seconds": round(time.time() - started, 1), **scored(head),
            })
    return result


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("archive_file")
    parser.add_argument("train_path", help="the pairs the fresh heads train on (the archive's training data)")
    parser.add_argument("other_path", help="the pairs they are scored on besides (validation data)")
    parser.add_argument("--steps", type=int, nargs="+", default=[1500])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--batch-size", type=int, default=8, help="sentences per optimiser step")
    parser.add_argument("--threshold", type=float, help="default: the archive's relation_threshold, else argmax")
    parser.add_argument("--out", help="write the result as JSON")
    parser.add_argument("--note", help="where and how it ran, written into the result")
    args = parser.parse_args(argv)
    result = probe(args.archive_file, args.train_path, args.other_path, args.steps, args.seeds, args.batch_size,
                   args.threshold)
    result["command"] = "python benchmarks/relation_probe.py " + " ".join(argv if argv is not None else sys.argv[1:])
    if args.note:
        result["note"] = args.note
    text = json.dumps(result, indent=1)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
