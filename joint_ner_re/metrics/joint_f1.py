"""Exact-match F1 for entities and relations, in one entity mode and three relation modes (docs/evaluation.md).

What is counted (a prediction is a true positive when its key equals a gold key in the same sentence):

* ``ner``: entity span (start, end) and type.
* ``rel_strict``: head span and type, tail span and type, relation type.
* ``rel_boundaries``: head span, tail span, relation type (entity types ignored).
* ``rel_paper``: the last word and type of each argument, relation type. This is how Giorgi et al.'s code counted
  (start boundaries never checked); it is here to compare with the paper and is never the headline.

For relation types listed in ``symmetric_relation_types`` the two arguments are compared without direction.
Keys are sets per sentence, so a duplicated gold or predicted item counts once.

Micro P/R/F1 pool the counts of all types; macro F1 is the unweighted mean of the per-type F1 over every type seen
in gold or predictions. ``overall_f1`` = mean of NER and strict relation micro F1 (the paper's "overall" score);
``overall_macro_f1`` the same with macro F1. Scores are fractions in [0, 1] as plain Python floats. Counts are summed
across workers under distributed training before any score is computed.
"""
from collections import Counter
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

import torch.distributed as dist
from allennlp.common.util import is_distributed
from allennlp.training.metrics import Metric

from joint_ner_re.data.sentence import Entity

RelationTriple = Tuple[Entity, Entity, str]
MODES = ("ner", "rel_strict", "rel_boundaries", "rel_paper")
HEADLINE = ("ner_f1", "rel_strict_f1", "overall_f1")


def _argument(entity: Entity, mode: str) -> tuple:
    if mode == "rel_strict":
        return entity.start, entity.end, entity.type
    if mode == "rel_boundaries":
        return entity.start, entity.end
    return entity.last, entity.type


def prf(tp: int, fp: int, fn: int) -> Tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@Metric.register("joint_ner_re")
class JointNerReF1(Metric):
    supports_distributed = True

    def __init__(self, symmetric_relation_types: Sequence[str] = ()) -> None:
        self._symmetric = set(symmetric_relation_types)
        self.reset()

    def reset(self) -> None:
        # (mode, type) -> count
        self._tp: Counter = Counter()
        self._fp: Counter = Counter()
        self._fn: Counter = Counter()

    def keys(self, entities: Iterable[Entity], relations: Iterable[RelationTriple]) -> Dict[str, Set[tuple]]:
        """The keys of one sentence's entities and relations in every mode; the last element is the type."""
        keys = {"ner": {(e.start, e.end, e.type) for e in entities}}
        for mode in MODES[1:]:
            keys[mode] = set()
            for head, tail, label in relations:
                arguments = (_argument(head, mode), _argument(tail, mode))
                if label in self._symmetric:
                    arguments = tuple(sorted(arguments))
                keys[mode].add(arguments + (label,))
        return keys

    def __call__(  # type: ignore[override]
        self,
        predicted: List[Tuple[List[Entity], List[RelationTriple]]],
        gold: List[Tuple[List[Entity], List[RelationTriple]]],
    ) -> None:
        for (pred_entities, pred_relations), (gold_entities, gold_relations) in zip(predicted, gold):
            pred_keys = self.keys(pred_entities, pred_relations)
            gold_keys = self.keys(gold_entities, gold_relations)
            for mode in MODES:
                for key in pred_keys[mode]:
                    (self._tp if key in gold_keys[mode] else self._fp)[mode, key[-1]] += 1
                for key in gold_keys[mode] - pred_keys[mode]:
                    self._fn[mode, key[-1]] += 1

    def counts(self, mode: str, label: Optional[str] = None) -> Tuple[int, int, int]:
        """(true positives, false positives, false negatives) so far in one mode, over every type or of ``label``
        (this worker's counts; ``get_metric`` sums them across workers)."""
        return tuple(  # type: ignore[return-value]
            sum(n for (m, t), n in counter.items() if m == mode and (label is None or t == label))
            for counter in (self._tp, self._fp, self._fn)
        )

    def _gathered(self) -> Tuple[Counter, Counter, Counter]:
        if not is_distributed():
            return self._tp, self._fp, self._fn
        parts: List = [None] * dist.get_world_size()
        dist.all_gather_object(parts, (self._tp, self._fp, self._fn))
        totals = (Counter(), Counter(), Counter())
        for part in parts:
            for total, counts in zip(totals, part):
                total.update(counts)
        return totals

    def get_metric(self, reset: bool = False) -> Dict[str, float]:
        """Headline scores during an epoch; every score (micro, macro, per type, P/R) when ``reset`` is True."""
        tp, fp, fn = self._gathered()
        metrics: Dict[str, float] = {}
        for mode in MODES:
            types = sorted({label for m, label in list(tp) + list(fp) + list(fn) if m == mode})
            per_type = {label: prf(tp[mode, label], fp[mode, label], fn[mode, label]) for label in types}
            micro = prf(*(sum(c[mode, label] for label in types) for c in (tp, fp, fn)))
            metrics[f"{mode}_precision"], metrics[f"{mode}_recall"], metrics[f"{mode}_f1"] = micro
            metrics[f"{mode}_macro_f1"] = sum(f for _, _, f in per_type.values()) / len(types) if types else 0.0
            for label, (p, r, f) in per_type.items():
                metrics[f"{mode}_precision_{label}"] = p
                metrics[f"{mode}_recall_{label}"] = r
                metrics[f"{mode}_f1_{label}"] = f
        metrics["overall_f1"] = (metrics["ner_f1"] + metrics["rel_strict_f1"]) / 2
        metrics["overall_macro_f1"] = (metrics["ner_macro_f1"] + metrics["rel_strict_macro_f1"]) / 2
        if reset:
            self.reset()
            return metrics
        return {name: metrics[name] for name in HEADLINE}
