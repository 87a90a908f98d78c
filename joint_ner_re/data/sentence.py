"""The one internal record every reader produces and every consumer (instances, metrics, writers) reads."""
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple


@dataclass(frozen=True)
class Entity:
    """A typed token span; ``end`` is exclusive, as in SpERT JSON."""

    start: int
    end: int
    type: str

    @property
    def last(self) -> int:
        return self.end - 1

    def overlaps(self, other: "Entity") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Relation:
    """A typed, directed relation between two entities, given as indices into ``Sentence.entities``."""

    head: int
    tail: int
    type: str


@dataclass
class Sentence:
    words: List[str]
    entities: List[Entity] = field(default_factory=list)
    relations: List[Relation] = field(default_factory=list)
    # Where the record came from (file, line or id), for error messages.
    source: Optional[str] = None
    # The document the sentence belongs to (ACE/DyGIE doc key, BRAT file, i2b2 record, ADE PMID): the unit that a
    # holdout split keeps together and the file a writer puts the sentence in. None where the format has none.
    document: Optional[str] = None
    # One (start, end) character span per word, end exclusive, into the text the words were cut from (the
    # document's text for standoff formats and ADE, the input string for raw-text prediction); None where the
    # input was already words.
    char_offsets: Optional[List[Tuple[int, int]]] = None
    # Whatever else a format says about the sentence (``orig_id``, ``sentence_index``, ...), for writers and users.
    extra: Dict[str, Any] = field(default_factory=dict)

    def validate(self, zero_length_entities: bool = False) -> None:
        """Raise ValueError naming ``source`` if a span or relation does not fit the sentence, or a type is not a
        non-empty string. ``zero_length_entities``: accept ``start == end`` (a reader that then skips them)."""
        where = f"{self.source}: " if self.source else ""
        if not self.words or not all(isinstance(word, str) and word for word in self.words):
            raise ValueError(f"{where}expected a non-empty list of non-empty word strings, got {self.words!r:.200}")
        if self.char_offsets is not None and len(self.char_offsets) != len(self.words):
            raise ValueError(
                f"{where}expected one character span per word ({len(self.words)}), got {len(self.char_offsets)}"
            )
        for entity in self.entities:
            fits = entity.start <= entity.end if zero_length_entities else entity.start < entity.end
            if not (fits and 0 <= entity.start and entity.end <= len(self.words)):
                raise ValueError(
                    f"{where}entity {entity} does not fit a sentence of {len(self.words)} words "
                    "(expected 0 <= start < end <= number of words, end exclusive)"
                )
        for item in (*self.entities, *self.relations):
            if not (isinstance(item.type, str) and item.type.strip()):
                raise ValueError(f"{where}{item} has no type (expected a non-empty type name)")
        for relation in self.relations:
            for role, index in (("head", relation.head), ("tail", relation.tail)):
                if not 0 <= index < len(self.entities):
                    raise ValueError(
                        f"{where}relation {relation} has {role} {index}, but the sentence has "
                        f"{len(self.entities)} entities (expected an index into the entity list)"
                    )

    def relation_spans(self) -> List[Tuple[Entity, Entity, str]]:
        return [(self.entities[r.head], self.entities[r.tail], r.type) for r in self.relations]
