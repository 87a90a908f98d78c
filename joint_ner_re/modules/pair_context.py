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
    overlap. Direction-free: (j, k) and (k, j) read the same words."""

    def __init__(self, input_dim: int, pooling: str = "max") -> None:
        super().__init__(input_dim)
        expect_choice("pooling", pooling, POOLING_MODES)
        self.pooling = pooling

    def forward(self, words: torch.Tensor, candidates: Candidates) -> torch.Tensor:
        after_first = torch.minimum(candidates.last.unsqueeze(2), candidates.last.unsqueeze(1)) + 1
        before_second = torch.maximum(candidates.start.unsqueeze(2), candidates.start.unsqueeze(1))
        return pool_ranges(words, after_first, before_second, self.pooling)
