"""A span-based candidate representation (as SpERT and other span-based peers read entities)."""
from typing import List

import torch

from joint_ner_re.common.options import expect, expect_choice
from joint_ner_re.modules.entity_representations.entity_representation import EntityRepresentation, at_positions
from joint_ner_re.modules.relation_candidates import Candidates
from joint_ner_re.modules.span_pooling import POOLING_MODES, pool_ranges

ENDPOINTS = ("none", "last", "first_last")


@EntityRepresentation.register("span")
class SpanRepresentation(EntityRepresentation):
    """The concatenation of, in this order and each optional:

    * ``pooling``: the max (``"max"``) or mean (``"mean"``) of the span's word vectors, every word of it;
    * ``endpoints``: the last word (``"last"``, the paper's choice) or the first and the last word
      (``"first_last"``), so that the start boundary the strict metric checks is seen;
    * ``width_embedding_dim``: an embedding of the span's width in words (widths above ``max_width`` share one).

    With ``pooling: null, endpoints: "last", width_embedding_dim: 0`` it is the paper's ``last_word``.
    """

    def __init__(
        self,
        input_dim: int,
        pooling: str = "max",
        endpoints: str = "first_last",
        width_embedding_dim: int = 0,
        max_width: int = 16,
    ) -> None:
        super().__init__(input_dim)
        expect_choice("pooling", pooling, POOLING_MODES + (None,))
        expect_choice("endpoints", endpoints, ENDPOINTS)
        parts = {"pooling": pooling, "endpoints": endpoints, "width_embedding_dim": width_embedding_dim}
        some_part = pooling is not None or endpoints != "none" or width_embedding_dim > 0
        expect("span", some_part, "at least one part", parts)
        self.pooling = pooling
        self.endpoints = endpoints
        self.max_width = max_width
        self.width_embedding = torch.nn.Embedding(max_width, width_embedding_dim) if width_embedding_dim else None

    def get_output_dim(self) -> int:
        words = (self.pooling is not None) + {"none": 0, "last": 1, "first_last": 2}[self.endpoints]
        return words * self.input_dim + (self.width_embedding.embedding_dim if self.width_embedding else 0)

    def forward(self, sequence: torch.Tensor, candidates: Candidates) -> torch.Tensor:
        parts: List[torch.Tensor] = []
        if self.pooling is not None:
            parts.append(pool_ranges(sequence, candidates.start, candidates.last + 1, self.pooling))
        if self.endpoints == "first_last":
            parts.append(at_positions(sequence, candidates.start))
        if self.endpoints != "none":
            parts.append(at_positions(sequence, candidates.last))
        if self.width_embedding is not None:
            width = (candidates.last - candidates.start).clamp(0, self.max_width - 1)
            parts.append(self.width_embedding(width))
        return torch.cat(parts, dim=-1)
