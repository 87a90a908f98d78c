"""Relation candidates: the entities a relation may join, their pairs, and the pairs' training targets.

Everything is batched tensor work: a candidate set is padded to the batch's largest, left-aligned, and every
candidate carries its span, so candidates from the predicted and from the gold tags can be mixed in one set.
"""
from typing import NamedTuple, Optional

import torch

from joint_ner_re.data.bioes import DecodedSpans


class Candidates(NamedTuple):
    """Per sentence, the candidate entities in order (padded to the batch maximum ``n``)."""

    start: torch.LongTensor  # (batch, n) first word
    last: torch.LongTensor  # (batch, n) last word
    type_id: torch.LongTensor  # (batch, n) index into TagScheme.entity_types
    mask: torch.BoolTensor  # (batch, n) a real candidate, not padding
    predicted: torch.BoolTensor  # (batch, n) one of the entities the model predicted (what inference sees)

    def pair_mask(self, predicted_only: bool = False) -> torch.BoolTensor:
        """(batch, n, n): both candidates real (and predicted, if asked) and distinct."""
        real = self.mask & self.predicted if predicted_only else self.mask
        n = real.size(1)
        distinct = ~torch.eye(n, dtype=torch.bool, device=real.device)
        return real.unsqueeze(2) & real.unsqueeze(1) & distinct


def decoded_entities(spans: DecodedSpans) -> Candidates:
    """Every decoded entity as a candidate, in order of its last word (the order of ``TagScheme.entities``)."""
    is_end = spans.is_end
    counts = is_end.sum(dim=1)
    width = int(counts.max()) if counts.numel() else 0
    last = torch.sort(is_end.to(torch.int8), dim=1, descending=True, stable=True).indices[:, :width]
    mask = torch.arange(width, device=is_end.device).unsqueeze(0) < counts.unsqueeze(1)
    return Candidates(spans.start.gather(1, last), last, spans.type_id.gather(1, last), mask, mask.clone())


def with_gold(predicted: Candidates, gold: Candidates) -> Candidates:
    """The predicted candidates, then every gold entity that no predicted candidate equals in span and type.

    The gold ones are marked ``predicted=False``: they are trained on, never output."""
    same = (
        (predicted.start.unsqueeze(2) == gold.start.unsqueeze(1))
        & (predicted.last.unsqueeze(2) == gold.last.unsqueeze(1))
        & (predicted.type_id.unsqueeze(2) == gold.type_id.unsqueeze(1))
        & predicted.mask.unsqueeze(2)
    )
    keep = torch.cat([predicted.mask, gold.mask & ~same.any(dim=1)], dim=1)
    width = int(keep.sum(dim=1).max()) if keep.numel() else 0
    order = torch.sort(keep.to(torch.int8), dim=1, descending=True, stable=True).indices[:, :width]
    fields = [torch.cat([p, g], dim=1).gather(1, order) for p, g in zip(predicted[:3], gold[:3])]
    from_prediction = torch.cat([predicted.mask, torch.zeros_like(gold.mask)], dim=1).gather(1, order)
    return Candidates(*fields, keep.gather(1, order), from_prediction)


def pair_targets(
    candidates: Candidates,
    gold: DecodedSpans,
    gold_relations: torch.LongTensor,
    match_types: bool = True,
    symmetric: Optional[torch.BoolTensor] = None,
) -> torch.LongTensor:
    """Gold class of every candidate pair: 1 + the relation label id when both candidates are gold entities and
    gold relates their last words, else 0 (NEG).

    A candidate is a gold entity when a gold entity has its span and (``match_types``, the paper's rule) its
    type. ``gold_relations`` is (batch, words, words) with the label id at (head last word, tail last word), -1
    elsewhere. ``symmetric`` (one flag per class, NEG first) marks the relation types that hold in both directions:
    a gold (j, k) of such a type is also the target of (k, j).
    """
    rows = torch.arange(candidates.last.size(0), device=gold_relations.device).unsqueeze(1)
    at = candidates.last
    correct = candidates.mask & gold.is_end[rows, at] & (gold.start[rows, at] == candidates.start)
    if match_types:
        correct = correct & (gold.type_id[rows, at] == candidates.type_id)
    labels = gold_relations[rows.unsqueeze(2), at.unsqueeze(2), at.unsqueeze(1)] + 1
    if symmetric is not None:
        reverse = labels.transpose(1, 2)
        labels = torch.where((labels == 0) & symmetric[reverse], reverse, labels)
    both_correct = correct.unsqueeze(2) & correct.unsqueeze(1)
    return torch.where(both_correct, labels, torch.zeros_like(labels))
