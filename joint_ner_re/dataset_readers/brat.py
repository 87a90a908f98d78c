"""BRAT standoff (a ``.txt`` and an ``.ann`` per document): the way users bring their own annotated corpus."""
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Set, Tuple

from allennlp.data import DatasetReader
from allennlp.data.tokenizers import Tokenizer

from joint_ner_re.data.sentence import Entity, Relation, Sentence
from joint_ner_re.dataset_readers.corpus_files import non_blank_lines, read_id_list, read_text
from joint_ner_re.dataset_readers.segmentation import CharSpan, Segmenter, covered_tokens, split_at, trim
from joint_ner_re.dataset_readers.sentence_builder import SentenceBuilder
from joint_ner_re.dataset_readers.sentence_reader import SentenceReader

MISALIGNED_SPANS = ("split", "expand")
# Annotation kinds this reader does not turn into entities or relations: counted per kind, never lost unseen.
UNSUPPORTED = {
    "E": "unsupported_events",
    "A": "unsupported_attributes",
    "M": "unsupported_attributes",
    "N": "unsupported_normalizations",
    "*": "unsupported_equivalences",
    "#": "unsupported_notes",
}
_T_SHAPE = "an entity line T<id>\\t<TYPE> <START> <END>\\t<text>"
_R_SHAPE = "a relation line R<id>\\t<TYPE> Arg1:<id> Arg2:<id>"
_E_SHAPE = "an event line E<id>\\t<TYPE>:<trigger id> [<ROLE>:<id> ...]"
_RELATION = re.compile(r"R[^\t]*\t(?P<type>\S+) +Arg1:(?P<head>\S+) +Arg2:(?P<tail>\S+)\s*")
_EVENT = re.compile(r"E[^\t]*\t[^\s:]+:(?P<trigger>\S+)(\s.*)?")


@dataclass
class _Mention:
    """A contiguous T line: character offsets into the document text."""

    type: str
    start: int
    end: int


@dataclass
class _Annotations:
    """What one ``.ann`` file holds that this reader uses, and the ids it cannot use (for counting, not errors)."""

    mentions: Dict[str, _Mention] = field(default_factory=dict)
    relations: List[Tuple[str, str, str, str]] = field(default_factory=list)  # (where, type, Arg1, Arg2)
    unsupported: Set[str] = field(default_factory=set)  # ids of discontinuous T lines, events and their triggers


@DatasetReader.register("brat")
class BratReader(SentenceReader):
    """Reads brat standoff: ``T1\\tTYPE START END\\tTEXT`` entities (character offsets into the ``.txt``, end
    exclusive) and ``R1\\tTYPE Arg1:T1 Arg2:T2`` relations, directed Arg1 → Arg2.

    ``file_path`` is a folder (every ``.ann`` directly in it, in name order, with the ``.txt`` of the same name),
    one document (its ``.ann`` or its ``.txt``), or a document-id list (one id per line: a path without extension,
    resolved against ``corpus_dir``, default the list's folder). ``text_extension``/``annotation_extension`` name
    other pairs, e.g. ``.split.txt``/``.split.ann`` (LSTM-ER's ACE output).

    Sentences and tokens come from ``sentence_splitter`` and ``tokenizer`` (see ``Segmenter``: by default every
    line is a sentence and spaCy's rule-based tokenizer makes the words; no model download). The surface text of
    each T line must equal the ``.txt`` there (differences in whitespace only are counted, anything else is an
    error). Entity edges are trimmed of whitespace. An entity edge inside a token splits that token
    (``misaligned_spans="split"``: the gold span stays exact) or widens the entity to whole tokens (``"expand"``).

    Counted and skipped, never silently: discontinuous entities, events (their trigger T lines included),
    attributes, normalisations, equivalences and notes (``unsupported_*``); entities that cross a sentence
    boundary; relations whose arguments were skipped or lie in different sentences; duplicate entities and
    relations (merged). Sentences without entities are kept by default, as the model must see negative sentences.
    """

    def __init__(
        self,
        tokenizer: Optional[Tokenizer] = None,
        sentence_splitter: str = "lines",
        misaligned_spans: str = "split",
        keep_sentences_without_entities: bool = True,
        text_extension: str = ".txt",
        annotation_extension: str = ".ann",
        corpus_dir: Optional[str] = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        if misaligned_spans not in MISALIGNED_SPANS:
            raise ValueError(f"misaligned_spans: expected one of {MISALIGNED_SPANS}, got {misaligned_spans!r}")
        self._segmenter = Segmenter(tokenizer, sentence_splitter)
        self._misaligned_spans = misaligned_spans
        self._keep_sentences_without_entities = keep_sentences_without_entities
        self._text_extension = text_extension
        self._annotation_extension = annotation_extension
        self._corpus_dir = corpus_dir

    def _read_sentences(self, file_path: str) -> Iterator[Sentence]:
        for where, document, stem in self._documents(Path(file_path)):
            ann, txt = (stem.with_name(stem.name + ext) for ext in (self._annotation_extension, self._text_extension))
            for path in (ann, txt):
                if not path.is_file():
                    raise ValueError(f"{where}: expected the file {path} of document {document!r}")
            text = read_text(txt)
            yield from self._document_sentences(document, txt, text, self._parse(ann, text))

    def _documents(self, path: Path) -> Iterator[Tuple[str, str, Path]]:
        """``(where, document id, path without extension)`` of every document ``file_path`` names."""
        if path.is_dir():
            for ann in sorted(path.glob("*" + self._annotation_extension)):
                stem = ann.with_name(ann.name[: -len(self._annotation_extension)])
                yield str(ann), stem.name, stem
        elif path.name.endswith((self._annotation_extension, self._text_extension)):
            extension = next(e for e in (self._annotation_extension, self._text_extension) if path.name.endswith(e))
            stem = path.with_name(path.name[: -len(extension)])
            yield str(path), stem.name, stem
        else:
            base = Path(self._corpus_dir) if self._corpus_dir else path.parent
            for number, document in read_id_list(path):
                yield f"{path}: line {number}", document, base / document

    def _parse(self, ann: Path, text: str) -> _Annotations:
        """Every line of the ``.ann``; entities are checked against the text, relation arguments against the ids."""
        annotations, defined, triggers = _Annotations(), {}, set()
        for number, line in non_blank_lines(ann):
            line = line.rstrip("\r")
            where = f"{ann}: line {number}"
            ident, kind = line.split("\t", 1)[0], line[:1]
            if kind in ("T", "R", "E") and ident in defined:
                raise ValueError(f"{where}: annotation id {ident!r} is already defined on line {defined[ident]}")
            defined[ident] = number
            if kind == "T":
                self._parse_entity(ident, line, text, where, annotations)
            elif kind == "R":
                annotations.relations.append((where, *_match(_RELATION, line, where, _R_SHAPE)))
            elif kind in UNSUPPORTED:
                self.counts[UNSUPPORTED[kind]] += 1
                if kind == "E":
                    annotations.unsupported.add(ident)
                    triggers.update(_match(_EVENT, line, where, _E_SHAPE))
            else:
                raise ValueError(
                    f"{where}: expected an annotation line whose id starts with T, R, E, A, M, N, * or #, "
                    f"got {line!r:.200}"
                )
        for trigger in triggers & set(annotations.mentions):
            del annotations.mentions[trigger]
            annotations.unsupported.add(trigger)
            self.counts["unsupported_event_triggers"] += 1
        for where, _, *arguments in annotations.relations:
            for argument in arguments:
                if argument not in annotations.mentions and argument not in annotations.unsupported:
                    raise ValueError(f"{where}: relation argument {argument!r} is not a T or E id defined in {ann}")
        return annotations

    def _parse_entity(self, ident: str, line: str, text: str, where: str, annotations: _Annotations) -> None:
        fields = line.split("\t", 2)
        head = fields[1].split(maxsplit=1) if len(fields) == 3 else []
        if len(head) != 2:
            raise ValueError(f"{where}: expected {_T_SHAPE}, got {line!r:.200}")
        try:
            fragments = [tuple(int(offset) for offset in fragment.split()) for fragment in head[1].split(";")]
        except ValueError:
            fragments = []
        if not fragments or any(len(fragment) != 2 for fragment in fragments):
            raise ValueError(
                f"{where}: expected integer character offsets START END (';' between fragments), got {head[1]!r}"
            )
        for start, end in fragments:
            if not 0 <= start < end <= len(text):
                raise ValueError(
                    f"{where}: offsets {start} {end} do not fit the text of {len(text)} characters "
                    "(expected 0 <= START < END <= text length)"
                )
        if len(fragments) > 1:
            self.counts["unsupported_discontinuous_entities"] += 1
            annotations.unsupported.add(ident)
            return
        (start, end), surface = fragments[0], fields[2]
        if text[start:end] != surface:
            if text[start:end].split() != surface.split():
                raise ValueError(
                    f"{where}: the entity text {surface!r:.100} does not match the text file at {start}-{end}, "
                    f"which holds {text[start:end]!r:.100}; expected the same characters"
                )
            self.counts["entity_texts_differing_in_whitespace"] += 1
        annotations.mentions[ident] = _Mention(head[0], start, end)

    def _document_sentences(
        self, document: str, txt: Path, text: str, annotations: _Annotations
    ) -> Iterator[Sentence]:
        sentences = self._segmenter.sentences(text)
        tokens, builders, located = self._entities(text, sentences, annotations.mentions)
        self._relations(annotations, located, builders)
        newlines = [index for index, character in enumerate(text) if character == "\n"]
        for number, (start, _) in enumerate(sentences):
            if not builders[number].entities and not self._keep_sentences_without_entities:
                self.counts["skipped_sentences_without_entities"] += 1
            elif not tokens[number]:
                self.counts["skipped_sentences_without_tokens"] += 1
            else:
                yield builders[number].build(
                    [text[s:e] for s, e in tokens[number]],
                    source=f"{txt}: line {bisect_right(newlines, start) + 1}",
                    document=document,
                    char_offsets=tokens[number],
                )

    def _entities(
        self, text: str, sentences: List[CharSpan], mentions: Dict[str, _Mention]
    ) -> Tuple[List[List[CharSpan]], List[SentenceBuilder], Dict[str, Tuple[int, int]]]:
        """Tokens and entities (in a builder) of each sentence, and where each T id ended up: (sentence, entity
        index)."""
        placed = self._place(text, sentences, mentions)
        tokens: List[List[CharSpan]] = []
        builders: List[SentenceBuilder] = []
        located: Dict[str, Tuple[int, int]] = {}
        for number, sentence in enumerate(sentences):
            spans = placed.get(number, {})
            sentence_tokens = self._segmenter.tokens(text, *sentence)
            if self._misaligned_spans == "split":
                edges = {edge for span in spans.values() for edge in span}
                sentence_tokens = split_at(sentence_tokens, edges, self.counts, "tokens_split_at_entity_edges")
            builder = SentenceBuilder(self.counts)
            for ident, (start, end) in spans.items():
                entity = self._entity(sentence_tokens, start, end, mentions[ident].type)
                if entity is not None:
                    located[ident] = (number, builder.add_entity(entity))
            tokens.append(sentence_tokens)
            builders.append(builder)
        return tokens, builders, located

    def _relations(
        self, annotations: _Annotations, located: Dict[str, Tuple[int, int]], builders: List[SentenceBuilder]
    ) -> None:
        """Add each relation to the builder of its sentence; those that cannot be kept are counted by reason."""
        for _, relation_type, head, tail in annotations.relations:
            if head in annotations.unsupported or tail in annotations.unsupported:
                self.counts["skipped_relations_with_unsupported_argument"] += 1
            elif head not in located or tail not in located:
                self.counts["skipped_relations_with_skipped_entity"] += 1
            elif located[head][0] != located[tail][0]:
                self.counts["skipped_relations_across_sentences"] += 1
            elif located[head] == located[tail]:
                self.counts["skipped_relations_of_an_entity_with_itself"] += 1
            else:
                builders[located[head][0]].add_relation(Relation(located[head][1], located[tail][1], relation_type))

    def _place(
        self, text: str, sentences: List[CharSpan], mentions: Dict[str, _Mention]
    ) -> Dict[int, Dict[str, CharSpan]]:
        """Each mention's whitespace-trimmed span, under the sentence that holds it."""
        starts = [start for start, _ in sentences]
        placed: Dict[int, Dict[str, CharSpan]] = {}
        for ident, mention in mentions.items():
            start, end = trim(text, mention.start, mention.end)
            if start == end:
                self.counts["skipped_whitespace_entities"] += 1
                continue
            if (start, end) != (mention.start, mention.end):
                self.counts["entities_trimmed_of_whitespace"] += 1
            number = bisect_right(starts, start) - 1
            if number < 0 or end > sentences[number][1]:
                self.counts["skipped_entities_across_sentences"] += 1
                continue
            placed.setdefault(number, {})[ident] = (start, end)
        return placed

    def _entity(self, tokens: List[CharSpan], start: int, end: int, entity_type: str) -> Optional[Entity]:
        covered = covered_tokens(tokens, start, end)
        if not covered:
            self.counts["skipped_entities_without_tokens"] += 1
            return None
        first, last = covered[0], covered[-1]
        if tokens[first][0] < start or tokens[last][1] > end:
            self.counts["entities_expanded_to_token_boundaries"] += 1
        return Entity(first, last + 1, entity_type)


def _match(pattern: "re.Pattern[str]", line: str, where: str, shape: str) -> Tuple[str, ...]:
    """The groups of a line of the given shape; a ValueError naming file, line and shape otherwise."""
    match = pattern.fullmatch(line)
    if match is None:
        raise ValueError(f"{where}: expected {shape}, got {line!r:.200}")
    return tuple(match.groupdict().values())
