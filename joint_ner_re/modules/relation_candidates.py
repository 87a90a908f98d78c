"""Relation candidates: ordered pairs of the last words of entities (paper §2.2), built with tensor operations."""
from typing import NamedTuple

import torch

from joint_ner_re.data.bioes import DecodedSpans


class Candidates(NamedTuple):
    """Per sentence, the positions of the entities' last words (in word order), padded to the batch maximum."""

    positions: torch.LongTensor  # (batch, n_entities)
    mask: torch.BoolTensor  # (batch, n_entities)

    def pair_mask(self) -> torch.BoolTensor:
        """(batch, n, n): both entities real and distinct."""
        n = self.mask.size(1)
        distinct = ~torch.eye(n, dtype=torch.bool, device=self.mask.device)
        return self.mask.unsqueeze(2) & self.mask.unsqueeze(1) & distinct


def entity_ends(spans: DecodedSpans) -> Candidates:
    """Gather the end positions of every decoded entity, left-aligned, without a Python loop."""
    is_end = spans.is_end
    counts = is_end.sum(dim=1)
    width = int(counts.max()) if counts.numel() else 0
    order = torch.sort(is_end.to(torch.int8), dim=1, descending=True, stable=True).indices[:, :width]
    mask = torch.arange(width, device=is_end.device).unsqueeze(0) < counts.unsqueeze(1)
    return Candidates(order, mask)


def pair_targets(
    candidates: Candidates, predicted: DecodedSpans, gold: DecodedSpans, gold_relations: torch.LongTensor
) -> torch.LongTensor:
    """Gold class of every candidate pair: 1 + the relation label id if both predicted entities equal a gold
    entity (span and type) and gold relates their last words, else 0 (NEG).

    ``gold_relations`` is (batch, words, words) with the label id at (head last word, tail last word), -1 elsewhere.
    """
    rows = torch.arange(candidates.positions.size(0), device=gold_relations.device).unsqueeze(1)
    at = candidates.positions

    def pick(tensor: torch.Tensor) -> torch.Tensor:
        return tensor[rows, at]

    correct = (
        pick(gold.is_end)
        & (pick(predicted.start) == pick(gold.start))
        & (pick(predicted.type_id) == pick(gold.type_id))
    )
    labels = gold_relations[rows.unsqueeze(2), at.unsqueeze(2), at.unsqueeze(1)] + 1
    both_correct = correct.unsqueeze(2) & correct.unsqueeze(1)
    return torch.where(both_correct, labels, torch.zeros_like(labels))
