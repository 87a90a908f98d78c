"""The sentence record every reader produces, the BIOES codec, and the word-piece indexer of the configs."""
from joint_ner_re.data.sentence import Entity, Relation, Sentence
from joint_ner_re.data.word_piece_indexer import BatchedMismatchedIndexer
