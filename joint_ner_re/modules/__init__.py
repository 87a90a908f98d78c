from joint_ner_re.modules.relation_candidates import Candidates, decoded_entities, pair_targets, with_gold
from joint_ner_re.modules.tag_decoders import ArgmaxTagDecoder, ConstrainedTagDecoder, TagDecoder
from joint_ner_re.modules.entity_representations import (
    EntityRepresentation,
    LastWordRepresentation,
    SpanRepresentation,
)
from joint_ner_re.modules.pair_context import BetweenContext, PairContext
from joint_ner_re.modules.pair_scorer import PairScorer
from joint_ner_re.modules.biaffine import BiaffineScorer
from joint_ner_re.modules.relation_targets import (
    PredictedAndGoldEntityTargets,
    PredictedEntityTargets,
    RelationTargets,
)
