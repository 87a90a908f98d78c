"""Scores every ordered pair of candidate vectors over the relation labels (NEG included)."""
import torch
from allennlp.common import Registrable


class PairScorer(torch.nn.Module, Registrable):
    """Built lazily by the model with the head and tail vector sizes, the number of labels, and the size of the
    pair context vectors (0 without a ``pair_context``). To add one: a new file in ``modules/`` with a subclass
    registered under its name, re-exported by ``modules/__init__``."""

    default_implementation = "biaffine"

    def forward(self, heads: torch.Tensor, tails: torch.Tensor, context: torch.Tensor = None) -> torch.Tensor:
        """(batch, n, head_dim), (batch, n, tail_dim)[, (batch, n, n, context_dim)] -> (batch, n, n, labels)."""
        raise NotImplementedError
