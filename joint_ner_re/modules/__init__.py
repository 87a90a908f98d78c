from joint_ner_re.modules.biaffine import BiaffineScorer
from joint_ner_re.modules.relation_candidates import Candidates, entity_ends, pair_targets
