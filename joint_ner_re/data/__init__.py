"""The sentence record every reader produces, and the BIOES codec."""
from joint_ner_re.data.sentence import Entity, Relation, Sentence
