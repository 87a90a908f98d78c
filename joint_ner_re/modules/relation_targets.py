"""Which candidate pairs the relation scorer learns from in training, their target classes, and the loss.

Prediction always scores the pairs of the predicted entities; this component only changes training.
"""
from typing import Optional

import torch
from allennlp.common import Registrable

from joint_ner_re.common.options import expect
from joint_ner_re.data.bioes import DecodedSpans
from joint_ner_re.modules.relation_candidates import Candidates, pair_targets, with_gold


class RelationTargets(Registrable):
    """The paper's rule is ``predicted``: the pairs of the predicted entities, a pair's target being the gold
    relation when both entities are exactly right (span and type), else NEG.

    # Parameters

    match_entity_types : `bool`, optional (default = `True`)
        False: a candidate whose span is right but whose predicted type is wrong still counts as the gold entity
        for its pair's target (the relation scorer then learns the relation even where the tagger errs on types).
    negative_weight : `float`, optional (default = `1.0`)
        Weight of the NEG class in the cross-entropy; below 1 the rare relation classes weigh more.
    """

    default_implementation = "predicted"

    def __init__(self, match_entity_types: bool = True, negative_weight: float = 1.0) -> None:
        expect("negative_weight", negative_weight > 0, "a positive number", negative_weight)
        self.match_entity_types = match_entity_types
        self.negative_weight = negative_weight

    def candidates(self, predicted: Candidates, gold: Candidates) -> Candidates:
        """The candidates of a training batch."""
        raise NotImplementedError

    def targets(
        self,
        candidates: Candidates,
        gold: DecodedSpans,
        gold_relations: torch.LongTensor,
        symmetric: Optional[torch.BoolTensor] = None,
    ) -> torch.LongTensor:
        """See ``pair_targets``; ``symmetric`` flags the classes that hold in both directions."""
        return pair_targets(candidates, gold, gold_relations, self.match_entity_types, symmetric)

    def loss(self, scores: torch.Tensor, targets: torch.LongTensor, pair_mask: torch.BoolTensor) -> torch.Tensor:
        """Mean cross-entropy over the real pairs (weighted by class when ``negative_weight`` != 1)."""
        if not pair_mask.any():  # keep every parameter in the graph (DDP) without changing the loss
            return scores.sum() * 0.0
        weight: Optional[torch.Tensor] = None
        if self.negative_weight != 1.0:
            weight = torch.ones(scores.size(-1), device=scores.device, dtype=scores.dtype)
            weight[0] = self.negative_weight
        return torch.nn.functional.cross_entropy(scores[pair_mask], targets[pair_mask], weight=weight)


@RelationTargets.register("predicted")
class PredictedEntityTargets(RelationTargets):
    """The paper's rule: train on the pairs of the predicted entities only."""

    def candidates(self, predicted: Candidates, gold: Candidates) -> Candidates:
        return predicted


@RelationTargets.register("predicted_and_gold")
class PredictedAndGoldEntityTargets(RelationTargets):
    """Train on the pairs of the predicted entities *and* of the gold entities (teacher forcing): the relation
    scorer sees every gold relation from the first batch, however weak the tagger still is, and learns NEG from
    the tagger's real mistakes. Gold entities that the tagger missed are read through the gold tags' label
    embeddings; they never reach the output."""

    def candidates(self, predicted: Candidates, gold: Candidates) -> Candidates:
        return with_gold(predicted, gold)
