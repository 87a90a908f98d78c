"""Collects one sentence's annotations in file order, merging exact duplicates so that no gold item counts twice.

A corpus that lists the same entity (span and type) or the same relation twice would otherwise hold gold items
that no prediction can match, since a model predicts each span and each pair once. Every reader builds its
sentences here, so every reader merges and counts duplicates the same way.
"""
from typing import Any, Counter, Dict, List, Optional, Tuple

from joint_ner_re.data.sentence import Entity, Relation, Sentence
from joint_ner_re.dataset_readers import counts as names


class SentenceBuilder:
    def __init__(self, counts: Counter) -> None:
        self.entities: List[Entity] = []
        self.relations: List[Relation] = []
        self._entity_index: Dict[Entity, int] = {}
        self._counts = counts

    def add_entity(self, entity: Entity) -> int:
        """The entity's index in the sentence; a second entity with the same span and type is merged into the first."""
        if entity in self._entity_index:
            self._counts[names.DUPLICATE_ENTITIES_MERGED] += 1
        else:
            self._entity_index[entity] = len(self.entities)
            self.entities.append(entity)
        return self._entity_index[entity]

    def add_relation(self, relation: Relation) -> None:
        """``head``/``tail`` are indices that ``add_entity`` returned."""
        if relation in self.relations:
            self._counts[names.DUPLICATE_RELATIONS_MERGED] += 1
        else:
            self.relations.append(relation)

    def build(
        self,
        words: List[str],
        source: str,
        document: Optional[str] = None,
        char_offsets: Optional[List[Tuple[int, int]]] = None,
        extra: Optional[Dict[str, Any]] = None,
    ) -> Sentence:
        sentence = Sentence(
            words, self.entities, self.relations, source=source, document=document, char_offsets=char_offsets,
            extra=extra or {},
        )
        sentence.validate()
        return sentence


def merge_duplicates(sentence: Sentence, counts: Counter) -> Sentence:
    """The sentence of a format that lists entities and relations by index (SpERT JSON, CoNLL04 columns), checked,
    then rebuilt through ``SentenceBuilder``: duplicates merged and counted, relations re-pointed."""
    sentence.validate()
    builder = SentenceBuilder(counts)
    index = [builder.add_entity(entity) for entity in sentence.entities]
    for relation in sentence.relations:
        builder.add_relation(Relation(index[relation.head], index[relation.tail], relation.type))
    return builder.build(
        sentence.words, sentence.source, sentence.document, sentence.char_offsets, sentence.extra
    )
