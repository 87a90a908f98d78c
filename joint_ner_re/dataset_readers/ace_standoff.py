"""ACE04 / ACE05 after tticoin/LSTM-ER preprocessing: per document ``DOC.split.txt`` + ``DOC.split.ann`` standoff."""
import bisect
import os
import re
from pathlib import Path
from typing import Dict, Iterator, List, NamedTuple, Tuple, Union

from allennlp.data import DatasetReader

from joint_ner_re.data.sentence import Entity, Relation, Sentence
from joint_ner_re.dataset_readers.corpus_files import non_blank_lines, read_id_list, read_text
from joint_ner_re.dataset_readers.sentence_builder import SentenceBuilder
from joint_ner_re.dataset_readers.sentence_reader import SentenceReader

_TOKEN = re.compile(r"[^ \r]+")  # tokens are joined by single spaces; a stray "\r" (CRLF copy) is not part of one
_T_LINE = re.compile(r"(T\S*)\t(\S+) (\d+) (\d+)\t(.*)")
_R_LINE = re.compile(r"(R\S*)\t(\S+) (Arg[12]):(T\S*) (Arg[12]):(T\S*)")


@DatasetReader.register("ace_standoff")
class AceStandoffReader(SentenceReader):
    """Reads the ACE04/ACE05 documents written by LSTM-ER's ``run.zsh`` (Miwa & Bansal 2016).

    A document is ``DOC.split.txt`` (one tokenised sentence per line, tokens joined by single spaces) and
    ``DOC.split.ann``: ``T<id>\\t<TYPE> <start> <end>\\t<surface>`` entity mentions (the ACE mention head; character
    offsets into the split text, end exclusive) and ``R<id>\\t<TYPE> Arg1:T<id> Arg2:T<id>`` relation mentions
    (coarse type, directed Arg1 -> Arg2, read as head -> tail). Every line of the text is one ``Sentence``; header
    lines (doc id, date) are sentences without annotations, as in the DyGIE/PURE JSON made from the same files.

    The data path is a folder, a document-id list file, or a list of these (joined, duplicates skipped):

    * a folder: every ``*<text_extension>`` document in it, in name order (LSTM-ER's ``corpus/train``,
      ``corpus/dev``, ``corpus/test`` for ACE05, ``corpus/train0``/``corpus/test0``... for ACE04);
    * a list file (``split/train``, ACE04's 5-fold ``split/cv0`` ... ``split/cv4``), one document id per line; each
      document is looked for in ``corpus_dir`` and then in its sub-folders in name order (``run.zsh`` moves the
      files into per-split sub-folders). A relative ``corpus_dir`` is taken from the list file's folder, so the
      default ``../corpus`` fits LSTM-ER's own layout (``split/`` next to ``corpus/``).

    Conventions (every case counted in ``self.counts``; none is an error):

    * a span whose ends fall inside a token is expanded to the tokens it touches (LSTM-ER's heads do not always
      follow the tokenisation);
    * a span that touches no token (only spaces) or tokens on two lines is skipped, and so is every relation
      that has a skipped argument;
    * a relation whose arguments lie in different sentences is skipped: a sentence-level model cannot hold it;
    * a mention with the same span and type as an earlier one in its sentence is merged into it (its relations
      follow), and an exact duplicate relation is merged;
    * blank lines are skipped.

    Relation direction is kept as annotated. Symmetric types (ACE ``PER-SOC``) are scored direction-free by the
    metric's ``symmetric_relation_types``, so the gold stays comparable with directed published scores.
    Malformed input (a bad line, an unknown ``T`` id, offsets outside the text, a surface that differs from the text
    at its offsets, a missing document) raises ``ValueError`` naming the file, the line and what was expected.
    """

    def __init__(
        self,
        corpus_dir: str = "../corpus",
        text_extension: str = ".split.txt",
        annotation_extension: str = ".split.ann",
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self._corpus_dir = corpus_dir
        self._text_extension = text_extension
        self._annotation_extension = annotation_extension

    def _read_sentences(self, file_path: Union[str, os.PathLike, List]) -> Iterator[Sentence]:
        paths = file_path if isinstance(file_path, (list, tuple)) else [file_path]
        seen = set()
        for path in paths:
            for doc_id, text_path in self._documents(Path(path)):
                if doc_id in seen:
                    self.counts["duplicate_documents_skipped"] += 1
                    continue
                seen.add(doc_id)
                yield from self._read_document(doc_id, text_path)

    def _documents(self, path: Path) -> Iterator[Tuple[str, Path]]:
        extension = self._text_extension
        if path.is_dir():
            names = sorted(child.name for child in path.iterdir() if child.name.endswith(extension))
            if not names:
                raise ValueError(f"{path}: expected documents named DOC{extension} in this folder, found none")
            for name in names:
                yield name[: -len(extension)], path / name
        elif path.is_file():
            yield from self._listed_documents(path)
        else:
            raise ValueError(
                f"{path}: no such file or folder; expected a document-id list file (LSTM-ER split/train, "
                f"split/cv0) or a folder of DOC{extension} documents"
            )

    def _listed_documents(self, list_path: Path) -> Iterator[Tuple[str, Path]]:
        corpus = Path(os.path.normpath(list_path.parent / self._corpus_dir))  # an absolute corpus_dir stays as is
        if not corpus.is_dir():
            raise ValueError(
                f"{list_path}: expected the documents it lists in corpus_dir {self._corpus_dir!r} "
                f"(relative to the list file's folder), but {corpus} is not a folder"
            )
        folders = [corpus] + sorted(child for child in corpus.iterdir() if child.is_dir())
        listed = read_id_list(list_path)
        if not listed:
            raise ValueError(f"{list_path}: expected one document id per line, found none")
        for number, doc_id in listed:
            name = doc_id + self._text_extension
            text_path = next((folder / name for folder in folders if (folder / name).is_file()), None)
            if text_path is None:
                raise ValueError(
                    f"{list_path}: line {number}: expected document {doc_id!r} as {name} in {corpus} "
                    "or in one of its sub-folders"
                )
            yield doc_id, text_path

    def _read_document(self, doc_id: str, text_path: Path) -> Iterator[Sentence]:
        annotation_path = text_path.with_name(doc_id + self._annotation_extension)
        if not annotation_path.is_file():
            raise ValueError(f"{text_path}: expected its annotations in {annotation_path}, which does not exist")
        text = read_text(text_path)
        tokens = _Tokens(text)
        mentions, relations = _parse_annotations(annotation_path, text)
        builders = [SentenceBuilder(self.counts) for _ in tokens.lines]
        placed = self._place_mentions(mentions, tokens, builders)
        for relation_type, arg1, arg2 in relations:
            if arg1 not in placed or arg2 not in placed:
                self.counts["relations_skipped_with_a_skipped_argument"] += 1
                continue
            (head_line, head), (tail_line, tail) = placed[arg1], placed[arg2]
            if head_line != tail_line:
                self.counts["relations_skipped_across_sentences"] += 1
                continue
            builders[head_line].add_relation(Relation(head, tail, relation_type))
        for index, ((offset, words), builder) in enumerate(zip(tokens.lines, builders)):
            if not words:
                self.counts["blank_lines_skipped"] += 1
                continue
            extra = {"sentence_index": index, "char_offset": offset}
            yield builder.build(words, source=f"{text_path}: line {index + 1}", document=doc_id, extra=extra)

    def _place_mentions(
        self, mentions: Dict[str, "_Mention"], tokens: "_Tokens", builders: List[SentenceBuilder]
    ) -> Dict[str, Tuple[int, int]]:
        """Add each mention to the sentence of its line; return T id -> (line, entity index) for those placed."""
        placed = {}
        for mention_id, mention in mentions.items():
            touched = tokens.touched(mention.start, mention.end)
            if not touched:
                self.counts["entities_skipped_touching_no_token"] += 1
                continue
            first, last = touched[0], touched[-1]
            line = tokens.line[first]
            if tokens.line[last] != line:
                self.counts["entities_skipped_crossing_sentences"] += 1
                continue
            if (tokens.starts[first], tokens.ends[last]) != (mention.start, mention.end):
                self.counts["entity_spans_expanded_to_token_boundaries"] += 1
            entity = Entity(tokens.position[first], tokens.position[last] + 1, mention.type)
            placed[mention_id] = line, builders[line].add_entity(entity)
        return placed


class _Tokens:
    """Each line of a ``.split.txt`` (its offset and words) and each token's line, position and character span."""

    def __init__(self, text: str) -> None:
        self.lines: List[Tuple[int, List[str]]] = []
        self.starts: List[int] = []
        self.ends: List[int] = []
        self.line: List[int] = []
        self.position: List[int] = []
        raw_lines = text.split("\n")
        if raw_lines[-1] == "":  # the text ends with a newline (or is empty): no line after it
            raw_lines.pop()
        offset = 0
        for index, raw in enumerate(raw_lines):
            words: List[str] = []
            for match in _TOKEN.finditer(raw):
                self.starts.append(offset + match.start())
                self.ends.append(offset + match.end())
                self.line.append(index)
                self.position.append(len(words))
                words.append(match.group())
            self.lines.append((offset, words))
            offset += len(raw) + 1

    def touched(self, start: int, end: int) -> range:
        """Indices of the tokens that share at least one character with ``[start, end)`` (none when it is empty)."""
        if start == end:
            return range(0)
        return range(bisect.bisect_right(self.ends, start), bisect.bisect_left(self.starts, end))


class _Mention(NamedTuple):
    type: str
    start: int
    end: int


def _parse_annotations(path: Path, text: str) -> Tuple[Dict[str, _Mention], List[Tuple[str, str, str]]]:
    """``T`` mentions by id and ``R`` relations as (type, Arg1 id, Arg2 id), both in file order, checked."""
    mentions: Dict[str, _Mention] = {}
    relations: List[Tuple[int, str, str, str]] = []
    defined: Dict[str, int] = {}  # id -> line, to name both lines of a repeated id
    for number, line in non_blank_lines(path):
        line = line.rstrip("\r")
        where = f"{path}: line {number}"
        t_match, r_match = _T_LINE.fullmatch(line), _R_LINE.fullmatch(line)
        if not (t_match or r_match):
            raise ValueError(
                f"{where}: expected 'T<id>\\t<TYPE> <start> <end>\\t<surface>' or "
                f"'R<id>\\t<TYPE> Arg1:T<id> Arg2:T<id>', got {line!r:.200}"
            )
        identifier = (t_match or r_match).group(1)
        if identifier in defined:
            raise ValueError(
                f"{where}: id {identifier} is already used on line {defined[identifier]}; expected unique ids"
            )
        defined[identifier] = number
        if t_match:
            _, entity_type, start, end, surface = t_match.groups()
            mentions[identifier] = _Mention(entity_type, int(start), int(end))
            _check_offsets(where, mentions[identifier], surface, text)
        else:
            _, relation_type, role1, arg1, role2, arg2 = r_match.groups()
            if {role1, role2} != {"Arg1", "Arg2"}:
                raise ValueError(f"{where}: expected one Arg1 and one Arg2, got {role1} and {role2}")
            if role1 == "Arg2":
                arg1, arg2 = arg2, arg1
            relations.append((number, relation_type, arg1, arg2))
    for number, relation_type, arg1, arg2 in relations:
        for argument in (arg1, arg2):
            if argument not in mentions:
                raise ValueError(f"{path}: line {number}: argument {argument} is not a T id of this file")
    return mentions, [(relation_type, arg1, arg2) for _, relation_type, arg1, arg2 in relations]


def _check_offsets(where: str, mention: _Mention, surface: str, text: str) -> None:
    """The offsets must lie in the text and point at the surface (LSTM-ER writes newlines inside it as spaces)."""
    if not mention.start <= mention.end <= len(text):
        raise ValueError(
            f"{where}: offsets {mention.start} {mention.end} do not fit a text of {len(text)} characters "
            "(expected start <= end <= text length, end exclusive)"
        )
    found = text[mention.start : mention.end].replace("\n", " ")
    if found != surface:
        raise ValueError(
            f"{where}: the text at {mention.start}-{mention.end} is {found!r}, expected the surface {surface!r} "
            "(are the offsets into this document's split text?)"
        )
