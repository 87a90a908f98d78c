"""ADE-Corpus-V2 ``DRUG-AE.rel`` (Gurulingappa et al. 2012), the native file of the ADE corpus."""
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Set, Tuple

from allennlp.data import DatasetReader
from allennlp.data.tokenizers import Token, Tokenizer

from joint_ner_re.data.ade_tokenizer import AdeTokenizer
from joint_ner_re.data.sentence import Relation, Sentence
from joint_ner_re.dataset_readers import counts as names
from joint_ner_re.dataset_readers.corpus_files import data_file, non_blank_lines
from joint_ner_re.common.options import expect, expect_choice
from joint_ner_re.dataset_readers.segmentation import split_at, token_entity
from joint_ner_re.dataset_readers.sentence_builder import SentenceBuilder
from joint_ner_re.dataset_readers.sentence_reader import SentenceReader

DIRECTIONS = ("drug_to_effect", "effect_to_drug")
OVERLAP_TESTS = ("none", "spans", "text")
_OFFSET = re.compile(r"[0-9]+")
_Span = Tuple[int, int]


@dataclass(frozen=True)
class _Mention:
    role: str  # "adverse effect" or "drug"
    text: str
    begin: int  # document-level character offsets, end exclusive
    end: int


@dataclass(frozen=True)
class _Line:
    number: int
    pmid: str
    sentence: str
    effect: _Mention
    drug: _Mention


@DatasetReader.register("ade")
class AdeReader(SentenceReader):
    """Reads ``PMID|sentence|AE text|AE begin|AE end|drug text|drug begin|drug end``, one line per (AE, drug) pair.

    Lines with the same PMID and sentence text form one sentence; every line is one relation, and a mention named
    by several lines (same offsets) is one entity. The offsets are into the whole document (``PMID\\n\\nTitle\\n\\n
    Abstract``), not into the sentence, so each mention is found in the sentence by its text. A text may occur
    more than once in its sentence: the sentence's own document offset is the one that puts the most mentions of
    the sentence on an occurrence of their text (the smallest on a tie, counted), and each mention is placed at
    its document offset minus the sentence's. On the real file one offset explains all mentions of every
    sentence, 513 of them with a repeated text. A mention that the offset does not explain goes to the occurrence
    nearest to where the offset points, and is counted.

    Words come from ``tokenizer`` (default :class:`AdeTokenizer`: the words of the SpERT ADE files); a word that a
    mention starts or ends inside is split there, and counted, so that every gold mention is a word span. Each
    sentence records its PMID as its document, and the character span of each word in the PubMed document, as the
    file's own offsets count (the sentence's ``extra["document_offset"]`` plus the word's place in
    ``extra["text"]``). Two different mentions that land on the same words with the same type are one entity
    (counted as a merged duplicate).

    ``relation_direction``: ``drug_to_effect`` (default; the paper's file lists the drug first) or
    ``effect_to_drug`` (SpERT's ADE JSON: head = adverse effect, tail = drug). Type names default to SpERT's.

    ``drop_overlapping``: ``none`` keeps everything; ``spans`` drops a line (relation) whose drug and adverse
    effect overlap in the sentence; ``text`` drops a line whose drug text occurs, ignoring case, inside its
    adverse-effect text, which reproduces the relations of the paper's ADE file (6821 -> 6682). Mentions named
    only by dropped lines go with them, and so do sentences left without a line, as in the paper's file.

    Cross-validation folds of the file by PMID: the data paths ``DRUG-AE.rel#fold=I/K`` and
    ``DRUG-AE.rel#not-fold=I/K`` (see :class:`SentenceReader`), over the sentences as read (after
    ``drop_overlapping``).
    """

    def __init__(
        self,
        tokenizer: Optional[Tokenizer] = None,
        relation_direction: str = "drug_to_effect",
        drug_type: str = "Drug",
        effect_type: str = "Adverse-Effect",
        relation_type: str = "Adverse-Effect",
        drop_overlapping: str = "none",
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        expect_choice("relation_direction", relation_direction, DIRECTIONS)
        expect_choice("drop_overlapping", drop_overlapping, OVERLAP_TESTS)
        expect("effect_type", effect_type != drug_type, "a type name other than drug_type's", effect_type)
        self._tokenizer = tokenizer or AdeTokenizer()
        self._drug_to_effect = relation_direction == "drug_to_effect"
        self._types = {"drug": drug_type, "adverse effect": effect_type}
        self._relation_type = relation_type
        self._drop_overlapping = drop_overlapping

    def _read_sentences(self, file_path: str) -> Iterator[Sentence]:
        name = str(file_path)
        groups: Dict[Tuple[str, str], List[_Line]] = {}
        for line in _lines(Path(data_file(file_path, "DRUG-AE.rel lines")), name, self.counts):
            groups.setdefault((line.pmid, line.sentence), []).append(line)
        for index, ((pmid, text), lines) in enumerate(groups.items()):
            sentence = self._sentence(name, index, pmid, text, lines)
            if sentence is not None:
                yield sentence

    def _sentence(self, name: str, index: int, pmid: str, text: str, lines: List[_Line]) -> Optional[Sentence]:
        where = f"{name}: line {lines[0].number}"
        starts, document_offset = self._locate(name, text, lines)
        spans = {mention: (start, start + len(mention.text)) for mention, start in starts.items()}
        kept = [line for line in lines if not self._overlapping(line, spans)]
        if len(kept) < len(lines):
            self.counts[names.OVERLAPPING_RELATIONS_LEFT_OUT] += len(lines) - len(kept)
            still_named = {mention for line in kept for mention in (line.effect, line.drug)}
            self.counts[names.ENTITIES_LEFT_OUT_WITH_THEIR_RELATIONS] += len(set(spans) - still_named)
        if not kept:
            self.counts[names.SENTENCES_WITHOUT_RELATIONS_LEFT_OUT] += 1
            return None
        boundaries = {boundary for line in kept for mention in (line.effect, line.drug) for boundary in spans[mention]}
        words = self._words(text, boundaries, where)
        builder = SentenceBuilder(self.counts)
        index_of: Dict[_Mention, int] = {}  # a mention named by several lines is one entity: the format, not counted
        for line in kept:
            for mention in (line.effect, line.drug):
                if mention not in index_of:
                    entity = token_entity(words, *spans[mention], self._types[mention.role], self.counts)
                    index_of[mention] = builder.add_entity(entity)
            effect, drug = index_of[line.effect], index_of[line.drug]
            head, tail = (drug, effect) if self._drug_to_effect else (effect, drug)
            builder.add_relation(Relation(head, tail, self._relation_type))
        return builder.build(
            [text[start:end] for start, end in words],
            source=where,
            document=pmid,
            char_offsets=[(document_offset + start, document_offset + end) for start, end in words],
            extra={
                "orig_id": index,  # the sentence's place in the file, as SpERT's ADE files number them
                "lines": [line.number for line in lines],
                "text": text,
                "document_offset": document_offset,
            },
        )

    def _locate(self, name: str, text: str, lines: List[_Line]) -> Tuple[Dict[_Mention, int], int]:
        """The start of each mention in ``text``, and the document offset of ``text`` that places them."""
        occurrences: Dict[_Mention, List[int]] = {}
        for line in lines:
            for mention in (line.effect, line.drug):
                if mention not in occurrences:
                    occurrences[mention] = _occurrences(text, mention.text)
                if not occurrences[mention]:
                    raise ValueError(
                        f"{name}: line {line.number}: the {mention.role} {mention.text!r} does not occur in the "
                        "sentence (expected each mention text to be a substring of the sentence, column 2)"
                    )
        votes = Counter(offset for m, found in occurrences.items() for offset in {m.begin - at for at in found})
        most = max(votes.values())
        tied = sorted(offset for offset, count in votes.items() if count == most)
        if len(tied) > 1:
            self.counts[names.SENTENCES_WITH_AMBIGUOUS_DOCUMENT_OFFSET] += 1
        document_offset = tied[0]
        starts = {}
        for mention, found in occurrences.items():
            expected = mention.begin - document_offset
            if expected in found:
                if len(found) > 1:
                    self.counts[names.REPEATED_MENTION_TEXTS_PLACED_BY_OFFSET] += 1
                starts[mention] = expected
            else:
                self.counts[names.MENTIONS_PLACED_AT_NEAREST_OCCURRENCE] += 1
                starts[mention] = min(found, key=lambda at: (abs(at - expected), at))
        return starts, document_offset

    def _overlapping(self, line: _Line, spans: Dict[_Mention, _Span]) -> bool:
        if self._drop_overlapping == "spans":
            (effect_start, effect_end), (drug_start, drug_end) = spans[line.effect], spans[line.drug]
            return effect_start < drug_end and drug_start < effect_end
        if self._drop_overlapping == "text":
            return line.drug.text.lower() in line.effect.text.lower()
        return False

    def _words(self, text: str, boundaries: Set[int], where: str) -> List[_Span]:
        """Character spans of the words: the tokenizer's, each split where a mention starts or ends inside it."""
        spans = _token_spans(text, self._tokenizer.tokenize(text), where)
        return split_at(spans, boundaries, self.counts)


def _lines(path: Path, name: str, counts: Counter) -> Iterator[_Line]:
    """Parse every non-blank line (LF or CRLF line ends); any malformed line is an error naming it."""
    for number, line in non_blank_lines(path, name, counts):
        line = line.rstrip("\r")
        where = f"{name}: line {number}"
        columns = line.split("|")
        if len(columns) != 8:
            raise ValueError(
                f"{where}: expected 8 '|'-separated columns (PMID|sentence|adverse effect|begin|end|drug|begin|end), "
                f"got {len(columns)}"
            )
        if not columns[0].strip() or not columns[1].strip():
            raise ValueError(f"{where}: expected a PMID (column 1) and a sentence (column 2), got {line!r:.200}")
        effect = _mention("adverse effect", columns[2:5], 3, where)
        drug = _mention("drug", columns[5:8], 6, where)
        yield _Line(number, columns[0], columns[1], effect, drug)


def _mention(role: str, columns: List[str], first_column: int, where: str) -> _Mention:
    text, begin, end = columns
    if not text.strip():
        raise ValueError(f"{where}: expected the {role} text in column {first_column}, got {text!r}")
    for column, value in ((first_column + 1, begin), (first_column + 2, end)):
        if not _OFFSET.fullmatch(value):
            raise ValueError(
                f"{where}: expected the {role} offset in column {column} to be an integer >= 0, got {value!r}"
            )
    if int(begin) > int(end):
        raise ValueError(f"{where}: expected the {role} begin offset <= its end offset, got {begin} > {end}")
    if int(end) - int(begin) != len(text):
        raise ValueError(
            f"{where}: expected the {role} offsets to span its text: {text!r} has {len(text)} characters, "
            f"the offsets {begin}-{end} span {int(end) - int(begin)}"
        )
    return _Mention(role, text, int(begin), int(end))


def _occurrences(text: str, part: str) -> List[int]:
    """Every start of ``part`` in ``text``, overlapping occurrences included."""
    found, at = [], text.find(part)
    while at != -1:
        found.append(at)
        at = text.find(part, at + 1)
    return found


def _token_spans(text: str, tokens: List[Token], where: str) -> List[_Span]:
    """Character spans of the tokenizer's words, checked to reproduce ``text`` (whitespace aside) exactly."""
    spans, position = [], 0
    for token in tokens:
        if not token.text.strip():
            continue
        found = text.find(token.text, position)
        if found == -1 or text[position:found].strip():
            raise ValueError(
                f"{where}: the tokenizer's word {token.text!r} does not follow character {position} of the sentence "
                "(expected a tokenizer that keeps the text unchanged)"
            )
        spans.append((found, found + len(token.text)))
        position = found + len(token.text)
    if text[position:].strip():
        raise ValueError(f"{where}: the tokenizer dropped the end of the sentence {text[position:]!r:.100}")
    return spans
