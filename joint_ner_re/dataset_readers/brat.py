"""BRAT standoff (a ``.txt`` and an ``.ann`` per document): the way users bring their own annotated corpus, and
the base of ``ace_standoff`` (LSTM-ER's ACE files are the same standoff)."""
import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Set, Tuple

from allennlp.data import DatasetReader
from allennlp.data.tokenizers import Tokenizer

from joint_ner_re.data.sentence import Relation, Sentence
from joint_ner_re.dataset_readers import counts as names
from joint_ner_re.dataset_readers.corpus_files import DocumentPaths, Layout, non_blank_lines, read_text, split_lines
from joint_ner_re.common.options import expect_choice
from joint_ner_re.dataset_readers.segmentation import CharSpan, Segmenter, split_at, token_entity, trim
from joint_ner_re.dataset_readers.sentence_builder import SentenceBuilder
from joint_ner_re.dataset_readers.sentence_reader import SentenceReader

MISALIGNED_SPANS = ("split", "expand")
EQUIVALENCES = ("skip", "relations")
# Annotation kinds this reader does not turn into entities or relations: counted per kind, never lost unseen.
UNSUPPORTED = {
    "E": names.EVENTS_SKIPPED,
    "A": names.ATTRIBUTES_SKIPPED,
    "M": names.ATTRIBUTES_SKIPPED,
    "N": names.NORMALIZATIONS_SKIPPED,
    "*": names.EQUIVALENCES_SKIPPED,
    "#": names.NOTES_SKIPPED,
}
_T_SHAPE = "an entity line T<id>\\t<TYPE> <START> <END>\\t<text>"
_R_SHAPE = "a relation line R<id>\\t<TYPE> Arg1:<id> Arg2:<id> (the two arguments in either order)"
_E_SHAPE = "an event line E<id>\\t<TYPE>:<trigger id> [<ROLE>:<id> ...]"
_EQUIVALENCE_SHAPE = "an equivalence line *\\t<TYPE> <id> <id> [<id> ...]"
_RELATION = re.compile(r"R[^\t]*\t(?P<type>\S+) +(?P<role1>Arg[12]):(?P<arg1>\S+) +(?P<role2>Arg[12]):(?P<arg2>\S+)\s*")
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


class StandoffPairs(Layout):
    """A document is ``DOC<text_extension>`` + ``DOC<annotation_extension>`` side by side."""

    def __init__(self, text_extension: str, annotation_extension: str) -> None:
        self.extensions = (text_extension, annotation_extension)
        self.files = f"DOC{text_extension} + DOC{annotation_extension}"

    def files_of(self, stem: Path) -> Tuple[Path, Path]:
        """The text and the annotation file."""
        text, annotations = (Path(str(stem) + extension) for extension in self.extensions)
        return text, annotations

    def stems_in(self, folder: Path) -> List[Path]:
        return sorted({stem for stem in map(self.stem_of, folder.iterdir()) if stem is not None})

    def stem_of(self, path: Path) -> Optional[Path]:
        for extension in self.extensions:
            if path.name.endswith(extension) and path.name != extension:
                return path.with_name(path.name[: -len(extension)])
        return None

    def holds(self, stem: Path) -> bool:
        return any(path.is_file() for path in self.files_of(stem))


@DatasetReader.register("brat")
class BratReader(SentenceReader):
    """Reads brat standoff: ``T1\\tTYPE START END\\tTEXT`` entities (character offsets into the ``.txt``, end
    exclusive) and ``R1\\tTYPE Arg1:T1 Arg2:T2`` relations, directed Arg1 → Arg2 (the two in either order).

    ``file_path`` is a folder (every document directly in it, in name order), one document (its ``.ann`` or its
    ``.txt``), a document-id list (one id per line), or a list of these; see ``DocumentPaths`` for how ids are
    looked up (``corpus_dir``). ``text_extension``/``annotation_extension`` name other pairs, e.g.
    ``.split.txt``/``.split.ann`` (LSTM-ER's ACE output: the ``ace_standoff`` reader).

    Sentences and tokens come from ``sentence_splitter`` and ``tokenizer`` (see ``Segmenter``: by default every
    line is a sentence and spaCy's rule-based tokenizer makes the words; no model download). The surface text of
    each T line must equal the ``.txt`` there (differences in whitespace only are counted, anything else is an
    error). Entity edges are trimmed of whitespace. An entity edge inside a token splits that token
    (``misaligned_spans="split"``: the gold span stays exact) or widens the entity to whole tokens (``"expand"``).
    Each sentence records its document (the id), the character span of each word in the ``.txt``, and its place
    in the document (``extra["sentence_index"]``).

    Equivalence lines (``*\\tTYPE T1 T2 ...``, e.g. ScienceIE's ``Synonym-of``) are skipped and counted, or with
    ``equivalences="relations"`` read as one relation of that type for every pair of the listed entities (in the
    order listed; score the type direction-free with the model's ``symmetric_relation_types``).

    Counted and skipped, never silently: discontinuous entities, events (their trigger T lines included),
    attributes, normalisations, equivalences (by default) and notes; empty or whitespace-only entities; entities
    that cross a sentence boundary or that no token covers; relations whose arguments were skipped or lie in
    different sentences; blank lines. Duplicate entities and relations are merged and counted. Sentences without entities
    are kept by default, as the model must see negative sentences.
    """

    # Where listed ids are looked up when no corpus_dir is given, relative to the list's folder.
    default_corpus_dir = "."

    def __init__(
        self,
        tokenizer: Optional[Tokenizer] = None,
        sentence_splitter: str = "lines",
        misaligned_spans: str = "split",
        keep_sentences_without_entities: bool = True,
        text_extension: str = ".txt",
        annotation_extension: str = ".ann",
        corpus_dir: Optional[str] = None,
        equivalences: str = "skip",
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        expect_choice("misaligned_spans", misaligned_spans, MISALIGNED_SPANS)
        expect_choice("equivalences", equivalences, EQUIVALENCES)
        self._equivalences = equivalences
        self._segmenter = Segmenter(tokenizer, sentence_splitter)
        self._misaligned_spans = misaligned_spans
        self._keep_sentences_without_entities = keep_sentences_without_entities
        self._layout = StandoffPairs(text_extension, annotation_extension)
        self._documents = DocumentPaths(self._layout, corpus_dir, self.default_corpus_dir)

    reads_path_lists = True  # folders, files and id lists, joined by the document resolver

    def _read_sentences(self, file_path) -> Iterator[Sentence]:
        for document in self._documents.documents(file_path, self.counts):
            txt, ann = self._layout.files_of(document.stem)
            for path in (txt, ann):
                if not path.is_file():
                    raise ValueError(f"{document.where}: expected the file {path} of document {document.name!r}")
            text = read_text(txt, counts=self.counts, keep_offsets=True)
            yield from self._document_sentences(document.name, txt, text, self._parse(ann, text))

    def _parse(self, ann: Path, text: str) -> _Annotations:
        """Every line of the ``.ann``; entities are checked against the text, relation arguments against the ids."""
        annotations, defined, triggers = _Annotations(), {}, set()
        for number, line in non_blank_lines(ann, counts=self.counts):
            line = line.rstrip("\r")
            where = f"{ann}: line {number}"
            ident, kind = line.split("\t", 1)[0], line[:1]
            if kind in ("T", "R", "E") and ident in defined:
                raise ValueError(
                    f"{where}: annotation id {ident!r} is already defined on line {defined[ident]} "
                    "(expected each T, R and E id once)"
                )
            defined[ident] = number
            if kind == "T":
                self._parse_entity(ident, line, text, where, annotations)
            elif kind == "R":
                annotations.relations.append((where, *_relation(line, where)))
            elif kind == "*" and self._equivalences == "relations":
                relation_type, members = _equivalence(line, where)
                pairs = itertools.combinations(members, 2)
                annotations.relations.extend((where, relation_type, *pair) for pair in pairs)
            elif kind in UNSUPPORTED:
                self.counts[UNSUPPORTED[kind]] += 1
                if kind == "E":
                    annotations.unsupported.add(ident)
                    triggers.add(_event_trigger(line, where))
            else:
                raise ValueError(
                    f"{where}: expected an annotation line whose id starts with T, R, E, A, M, N, * or #, "
                    f"got {line!r:.200}"
                )
        for trigger in triggers & set(annotations.mentions):
            del annotations.mentions[trigger]
            annotations.unsupported.add(trigger)
            self.counts[names.EVENT_TRIGGERS_SKIPPED] += 1
        for where, _, *arguments in annotations.relations:
            for argument in arguments:
                if argument not in annotations.mentions and argument not in annotations.unsupported:
                    raise ValueError(
                        f"{where}: relation argument {argument!r} is not a T or E id defined in {ann} (expected "
                        "the id of an entity or event of this file)"
                    )
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
            if not 0 <= start <= end <= len(text):
                raise ValueError(
                    f"{where}: offsets {start} {end} do not fit the text of {len(text)} characters "
                    "(expected 0 <= START <= END <= text length)"
                )
        if len(fragments) > 1:
            self.counts[names.DISCONTINUOUS_ENTITIES_SKIPPED] += 1
            annotations.unsupported.add(ident)
            return
        (start, end), surface = fragments[0], fields[2]
        if text[start:end] != surface:
            if text[start:end].split() != surface.split():
                raise ValueError(
                    f"{where}: the entity text {surface!r:.100} does not match the text file at {start}-{end}, "
                    f"which holds {text[start:end]!r:.100}; expected the same characters"
                )
            self.counts[names.ENTITY_TEXTS_DIFFERING_IN_WHITESPACE] += 1
        annotations.mentions[ident] = _Mention(head[0], start, end)

    def _document_sentences(
        self, document: str, txt: Path, text: str, annotations: _Annotations
    ) -> Iterator[Sentence]:
        self.counts[names.BLANK_LINES_SKIPPED] += sum(1 for line in split_lines(text) if not line.strip())
        sentences = self._segmenter.sentences(text)
        if not sentences:
            self.counts[names.EMPTY_DOCUMENTS_SKIPPED] += 1
        tokens, builders, located = self._entities(text, sentences, annotations.mentions)
        self._relations(annotations, located, builders)
        newlines = [index for index, character in enumerate(text) if character == "\n"]
        for number, (start, _) in enumerate(sentences):
            if not builders[number].entities and not self._keep_sentences_without_entities:
                self.counts[names.SENTENCES_WITHOUT_ENTITIES_LEFT_OUT] += 1
            elif not tokens[number]:
                self.counts[names.SENTENCES_WITHOUT_TOKENS_SKIPPED] += 1
            else:
                yield builders[number].build(
                    [text[s:e] for s, e in tokens[number]],
                    source=f"{txt}: line {bisect_right(newlines, start) + 1}",
                    document=document,
                    char_offsets=tokens[number],
                    extra={"sentence_index": number},
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
                sentence_tokens = split_at(sentence_tokens, {edge for span in spans.values() for edge in span},
                                           self.counts)
            builder = SentenceBuilder(self.counts)
            for ident, (start, end) in spans.items():
                entity = token_entity(sentence_tokens, start, end, mentions[ident].type, self.counts)
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
                self.counts[names.RELATIONS_SKIPPED_WITH_UNSUPPORTED_ARGUMENT] += 1
            elif head not in located or tail not in located:
                self.counts[names.RELATIONS_SKIPPED_WITH_SKIPPED_ARGUMENT] += 1
            elif located[head][0] != located[tail][0]:
                self.counts[names.RELATIONS_SKIPPED_ACROSS_SENTENCES] += 1
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
                self.counts[names.BLANK_ENTITIES_SKIPPED] += 1
                continue
            if (start, end) != (mention.start, mention.end):
                self.counts[names.ENTITIES_TRIMMED_OF_WHITESPACE] += 1
            number = bisect_right(starts, start) - 1
            if number < 0 or end > sentences[number][1]:
                self.counts[names.ENTITIES_SKIPPED_ACROSS_SENTENCES] += 1
                continue
            placed.setdefault(number, {})[ident] = (start, end)
        return placed


def _relation(line: str, where: str) -> Tuple[str, str, str]:
    """``(type, Arg1 id, Arg2 id)`` of an R line."""
    match = _RELATION.fullmatch(line)
    if match is None or {match["role1"], match["role2"]} != {"Arg1", "Arg2"}:
        raise ValueError(f"{where}: expected {_R_SHAPE}, got {line!r:.200}")
    arguments = {match["role1"]: match["arg1"], match["role2"]: match["arg2"]}
    return match["type"], arguments["Arg1"], arguments["Arg2"]


def _equivalence(line: str, where: str) -> Tuple[str, List[str]]:
    """``(type, [id, ...])`` of a * line."""
    fields = line.split("\t")
    parts = fields[1].split() if len(fields) == 2 else []
    if len(parts) < 3:
        raise ValueError(f"{where}: expected {_EQUIVALENCE_SHAPE}, got {line!r:.200}")
    return parts[0], parts[1:]


def _event_trigger(line: str, where: str) -> str:
    match = _EVENT.fullmatch(line)
    if match is None:
        raise ValueError(f"{where}: expected {_E_SHAPE}, got {line!r:.200}")
    return match["trigger"]
