"""What a candidate pair reads of the sentence besides its two entities (SpERT's "localized context")."""
import torch
from allennlp.common import Registrable

from joint_ner_re.common.options import expect_choice
from joint_ner_re.modules.relation_candidates import Candidates
from joint_ner_re.modules.span_pooling import POOLING_MODES, pool_ranges


class PairContext(torch.nn.Module, Registrable):
    """Maps the encoder's word vectors and n candidates to one vector per ordered candidate pair, which the pair
    scorer adds to its score (the paper has none: ``pair_context: null``). Built lazily with ``input_dim``."""

    def __init__(self, input_dim: int) -> None:
        super().__init__()
        self.input_dim = input_dim

    def get_output_dim(self) -> int:
        return self.input_dim

    def forward(self, words: torch.Tensor, candidates: Candidates) -> torch.Tensor:
        """(batch, words, input_dim) -> (batch, n, n, output_dim)."""
        raise NotImplementedError


@PairContext.register("between")
class BetweenContext(PairContext):
    """The words strictly between the two entities, max- or mean-pooled; zeros when the entities touch or
    overlap. Unless ``ordered``, direction-free: (j, k) and (k, j) get the same vector.

    ``ordered``: the pooled vector fills one of two halves of a vector twice as wide, the first where the head
    ``j`` starts before the tail ``k``, the second otherwise. The scorer's linear term then weighs the same words
    differently by the pair's order in the sentence ("Y such as X" makes X a Hyponym-of Y, not Y of X), which the
    direction-free vector, added alike to both orders, cannot."""

    def __init__(self, input_dim: int, pooling: str = "max", ordered: bool = False) -> None:
        super().__init__(input_dim)
        expect_choice("pooling", pooling, POOLING_MODES)
        self.pooling = pooling
        self.ordered = ordered

    def get_output_dim(self) -> int:
        return 2 * self.input_dim if self.ordered else self.input_dim

    def forward(self, words: torch.Tensor, candidates: Candidates) -> torch.Tensor:
        after_first = torch.minimum(candidates.last.unsqueeze(2), candidates.last.unsqueeze(1)) + 1
        before_second = torch.maximum(candidates.start.unsqueeze(2), candidates.start.unsqueeze(1))
        pooled = pool_ranges(words, after_first, before_second, self.pooling)
        if not self.ordered:
            return pooled
        head_first = (candidates.start.unsqueeze(2) < candidates.start.unsqueeze(1)).unsqueeze(3)
        zeros = torch.zeros_like(pooled)
        return torch.cat([torch.where(head_first, pooled, zeros), torch.where(head_first, zeros, pooled)], dim=3)
