"""The 2010 i2b2/VA relation corpus: per record a tokenised ``.txt``, its ``.con`` concepts and ``.rel`` relations."""
import re
from pathlib import Path
from typing import Counter, Dict, Iterator, List, Optional, Tuple

from allennlp.data import DatasetReader

from joint_ner_re.data.sentence import Entity, Relation, Sentence
from joint_ner_re.dataset_readers import counts as names
from joint_ner_re.dataset_readers.corpus_files import DocumentPaths, Layout, non_blank_lines, read_lines
from joint_ner_re.dataset_readers.sentence_builder import SentenceBuilder
from joint_ner_re.dataset_readers.sentence_reader import SentenceReader

CONCEPT_TYPES = ("problem", "test", "treatment")
# Each relation type fixes the types of its two concepts, in the order the .rel line writes them.
RELATION_ARGUMENTS = {
    **{name: ("treatment", "problem") for name in ("TrIP", "TrWP", "TrCP", "TrAP", "TrNAP")},
    **{name: ("test", "problem") for name in ("TeRP", "TeCP")},
    "PIP": ("problem", "problem"),
}
# Sub-folders of a record root, tried in this order: the training archive (beth/, partners/) and the test archive.
TEXT_FOLDERS = ["txt", "test_data"]
CONCEPT_FOLDERS = ["concept", "reference_standard_for_test_data/concepts"]
RELATION_FOLDERS = ["rel", "reference_standard_for_test_data/rel"]

_CONCEPT = re.compile(r'c="(?P<text>.*)"\s+(?P<l1>\d+):(?P<t1>\d+)\s+(?P<l2>\d+):(?P<t2>\d+)')
_CONCEPT_TYPE = re.compile(r't="(?P<type>[^"]*)"')
_RELATION_TYPE = re.compile(r'r="(?P<type>[^"]*)"')
_CON_SHAPE = 'c="<text>" LINE:TOKEN LINE:TOKEN||t="<type>"'
_REL_SHAPE = 'c="<text>" LINE:TOKEN LINE:TOKEN||r="<type>"||c="<text>" LINE:TOKEN LINE:TOKEN'

# (line, first token, last token + 1): a concept's place in the record, end exclusive as in ``Entity``
Span = Tuple[int, int, int]


class RecordRoots(Layout):
    """A record ``REC`` of a root is ``<text folder>/REC.txt``, ``<concept folder>/REC.con`` and
    ``<relation folder>/REC.rel``, each folder one of the names the reader was given."""

    def __init__(self, text_folders: List[str], concept_folders: List[str], relation_folders: List[str]) -> None:
        self._folders = {
            "text_folders": text_folders, "concept_folders": concept_folders, "relation_folders": relation_folders,
        }
        self.files = f"{text_folders[0]}/REC.txt + {concept_folders[0]}/REC.con + {relation_folders[0]}/REC.rel"

    def files_of(self, stem: Path, where: str) -> Tuple[Path, Path, Path]:
        """The record's ``.txt``, ``.con`` and ``.rel``; ``stem`` is its root / its name."""
        txt, con, rel = (
            self._folder(stem.parent, option, where) / (stem.name + extension)
            for option, extension in (("text_folders", ".txt"), ("concept_folders", ".con"),
                                      ("relation_folders", ".rel"))
        )
        return txt, con, rel

    def stems_in(self, folder: Path) -> List[Path]:
        return [folder / txt.stem for txt in sorted(self._folder(folder, "text_folders", str(folder)).glob("*.txt"))]

    def holds(self, stem: Path) -> bool:
        return any((stem.parent / name / (stem.name + ".txt")).is_file() for name in self._folders["text_folders"])

    def _folder(self, root: Path, option: str, where: str) -> Path:
        found = [name for name in self._folders[option] if (root / name).is_dir()]
        if len(found) != 1:
            raise ValueError(
                f"{where}: expected exactly one of the folders {self._folders[option]} under {root}, found "
                f"{found or 'none'} (set the reader option {option}; or is {root} not a record root?)"
            )
        return root / found[0]


@DatasetReader.register("i2b2_2010")
class I2b2RelationReader(SentenceReader):
    """Reads records of the 2010 i2b2/VA challenge; each line of a ``.txt`` is one sentence.

    Format: ``.txt`` lines are sentences (1-based), split on whitespace into tokens (0-based); ``.con`` lines are
    ``c="text" L:T L:T||t="problem|test|treatment"`` and ``.rel`` lines
    ``c="text" L:T L:T||r="TYPE"||c="text" L:T L:T``, with token ends inclusive. ``.ast`` assertions are not read.

    ``file_path`` is a record root (a folder holding a text, a concept and a relation sub-folder: every ``*.txt``
    is read, in name order), a record-id list (one id per line, e.g. a CV fold), or a list of these; see
    ``DocumentPaths`` for how ids are looked up (``corpus_dir``); an id may name its root, as in
    ``beth/record-13``. The sub-folders are looked up under each root among ``text_folders``, ``concept_folders``
    and ``relation_folders``, whose defaults fit both the training archive (``txt/ concept/ rel/``) and the test
    archive (``test_data/`` beside ``reference_standard_for_test_data/{concepts,rel}/``). Each sentence records
    its record (the id) as its document and its line number (``extra["line"]``).

    Conventions: a relation points from the concept written first (the treatment or test; for PIP the first
    problem) to the second, and is matched to the concept with the same span and the type its relation type
    implies. The token offsets are authoritative: the quoted (lower-cased) text is compared case-insensitively
    and a mismatch is only counted. Counted and skipped: concepts spanning lines (a sentence is one line) and
    their relations; relations across lines; relations whose concept is not in the ``.con`` file with the type
    the relation implies (the ``.con`` file is the NER gold standard, so no concept is invented); duplicate
    lines (one is kept); blank lines. Lines without any concept are kept by default
    (``keep_sentences_without_entities``), because the model must also learn from sentences with nothing to
    extract, as it will meet them in every record it is applied to.
    """

    def __init__(
        self,
        corpus_dir: Optional[str] = None,
        text_folders: Optional[List[str]] = None,
        concept_folders: Optional[List[str]] = None,
        relation_folders: Optional[List[str]] = None,
        keep_sentences_without_entities: bool = True,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self._layout = RecordRoots(
            text_folders or TEXT_FOLDERS, concept_folders or CONCEPT_FOLDERS, relation_folders or RELATION_FOLDERS
        )
        self._documents = DocumentPaths(self._layout, corpus_dir)
        self._keep_sentences_without_entities = keep_sentences_without_entities

    reads_path_lists = True  # folders, files and id lists, joined by the document resolver

    def _read_sentences(self, file_path) -> Iterator[Sentence]:
        for record in self._documents.documents(file_path, self.counts):
            txt, con, rel = self._layout.files_of(record.stem, record.where)
            for path in (txt, con, rel):
                if not path.is_file():
                    raise ValueError(f"{record.where}: expected the file {path} of record {record.name!r}")
            yield from self._read_record(record.name, txt, con, rel)

    def _read_record(self, record: str, txt: Path, con: Path, rel: Path) -> Iterator[Sentence]:
        lines = [line.split() for line in read_lines(txt, counts=self.counts)]
        if not any(lines):
            self.counts[names.EMPTY_DOCUMENTS_SKIPPED] += 1
        builders = {number: SentenceBuilder(self.counts) for number in range(1, len(lines) + 1)}
        index: Dict[Tuple[int, int, int, str], int] = {}  # (line, start, end, type) -> the entity's index in its line
        for where, text in _annotation_lines(con, self.counts):
            span, concept_type = self._concept(text, lines, where)
            if span is not None:
                index[(*span, concept_type)] = builders[span[0]].add_entity(Entity(span[1], span[2], concept_type))

        for where, text in _annotation_lines(rel, self.counts):
            relation = self._relation(text, lines, index, where)
            if relation is not None:
                line, found = relation
                builders[line].add_relation(found)

        for number, words in enumerate(lines, start=1):
            if not words:
                self.counts[names.BLANK_LINES_SKIPPED] += 1
            elif not builders[number].entities and not self._keep_sentences_without_entities:
                self.counts[names.SENTENCES_WITHOUT_ENTITIES_LEFT_OUT] += 1
            else:
                yield builders[number].build(
                    words, source=f"{txt}: line {number}", document=record, extra={"line": number}
                )

    def _concept(self, text: str, lines: List[List[str]], where: str) -> Tuple[Optional[Span], str]:
        parts = text.split("||")
        match = _CONCEPT_TYPE.fullmatch(parts[-1].strip())
        if len(parts) != 2 or match is None:
            raise ValueError(f"{where}: expected a concept line {_CON_SHAPE}, got {text!r:.200}")
        if match["type"] not in CONCEPT_TYPES:
            raise ValueError(f"{where}: expected a concept type in {CONCEPT_TYPES}, got {match['type']!r}")
        span = self._span(parts[0], lines, where, _CON_SHAPE)
        if span is None:
            self.counts[names.ENTITIES_SKIPPED_ACROSS_SENTENCES] += 1
        return span, match["type"]

    def _relation(
        self, text: str, lines: List[List[str]], index: Dict[Tuple[int, int, int, str], int], where: str
    ) -> Optional[Tuple[int, Relation]]:
        parts = text.split("||")
        match = _RELATION_TYPE.fullmatch(parts[1].strip()) if len(parts) == 3 else None
        if match is None:
            raise ValueError(f"{where}: expected a relation line {_REL_SHAPE}, got {text!r:.200}")
        if match["type"] not in RELATION_ARGUMENTS:
            raise ValueError(
                f"{where}: expected a relation type in {sorted(RELATION_ARGUMENTS)}, got {match['type']!r}"
            )
        spans = [self._span(parts[i], lines, where, _REL_SHAPE) for i in (0, 2)]
        if None in spans:
            self.counts[names.RELATIONS_SKIPPED_WITH_SKIPPED_ARGUMENT] += 1
            return None
        if spans[0][0] != spans[1][0]:
            self.counts[names.RELATIONS_SKIPPED_ACROSS_SENTENCES] += 1
            return None
        keys = [(*span, kind) for span, kind in zip(spans, RELATION_ARGUMENTS[match["type"]])]
        if not all(key in index for key in keys):
            self.counts[names.RELATIONS_SKIPPED_WITH_ARGUMENT_NOT_AN_ENTITY] += 1
            return None
        return spans[0][0], Relation(index[keys[0]], index[keys[1]], match["type"])

    def _span(self, text: str, lines: List[List[str]], where: str, shape: str) -> Optional[Span]:
        """The concept's span; None (not counted here) if it spans lines. Checks the quoted text."""
        match = _CONCEPT.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"{where}: expected {shape}, got {text!r:.200}")
        l1, t1, l2, t2 = (int(match[name]) for name in ("l1", "t1", "l2", "t2"))
        for line, token in ((l1, t1), (l2, t2)):
            if not 1 <= line <= len(lines) or token >= len(lines[line - 1]):
                size = (
                    f"line {line} has {len(lines[line - 1])} tokens" if 1 <= line <= len(lines)
                    else f"the text has {len(lines)} lines"
                )
                raise ValueError(
                    f"{where}: {line}:{token} is outside the text ({size}); "
                    "expected LINE:TOKEN with 1-based lines and 0-based tokens"
                )
        if (l1, t1) > (l2, t2):
            raise ValueError(f"{where}: expected the concept's start {l1}:{t1} not to come after its end {l2}:{t2}")
        if l1 != l2:
            return None
        tokens = lines[l1 - 1][t1:t2 + 1]
        if " ".join(match["text"].split()).lower() != " ".join(tokens).lower():
            self.counts[names.ENTITY_TEXTS_DIFFERING_FROM_THEIR_TOKENS] += 1
        return l1, t1, t2 + 1


def _annotation_lines(path: Path, counts: Counter) -> Iterator[Tuple[str, str]]:
    for number, line in non_blank_lines(path, counts=counts):
        yield f"{path}: line {number}", line
