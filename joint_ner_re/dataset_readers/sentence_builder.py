"""Collects one sentence's annotations in file order, merging exact duplicates so that no gold item counts twice.

A corpus that lists the same entity (span and type) or the same relation twice would otherwise hold gold items
that no prediction can match, since a model predicts each span and each pair once. Merges are counted.
"""
from typing import Any, Counter, Dict, List, Optional, Tuple

from joint_ner_re.data.sentence import Entity, Relation, Sentence


class SentenceBuilder:
    def __init__(self, counts: Counter) -> None:
        self.entities: List[Entity] = []
        self.relations: List[Relation] = []
        self._entity_index: Dict[Entity, int] = {}
        self._counts = counts

    def add_entity(self, entity: Entity) -> int:
        """The entity's index in the sentence; a second entity with the same span and type is merged into the first."""
        if entity in self._entity_index:
            self._counts["duplicate_entities_merged"] += 1
        else:
            self._entity_index[entity] = len(self.entities)
            self.entities.append(entity)
        return self._entity_index[entity]

    def add_relation(self, relation: Relation) -> None:
        if relation in self.relations:
            self._counts["duplicate_relations_merged"] += 1
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
