"""The files of a corpus on disk: decoded text whose errors name a line, and the documents a data path names."""
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Counter, Iterator, List, Optional, Tuple, Union

from joint_ner_re.dataset_readers import counts as names

DataPath = Union[str, os.PathLike, List[Union[str, os.PathLike]]]


BYTE_ORDER_MARK = "\ufeff"


def data_file(file_path: Union[str, os.PathLike], expected: str) -> str:
    """The local copy of a data file (``cached_path``: a path or a URL); a missing one is a ValueError that names
    it and says what was ``expected`` there."""
    from allennlp.common.file_utils import cached_path

    try:
        return cached_path(file_path)
    except FileNotFoundError:
        raise ValueError(f"{file_path}: no such file (expected {expected})") from None


def read_text(
    path: Path, name: Optional[str] = None, counts: Optional[Counter] = None, keep_offsets: bool = False
) -> str:
    """The file as UTF-8 text, line endings untouched (standoff offsets count every character, ``\\r`` included).

    A byte-order mark before the text is not text: it is dropped, or with ``keep_offsets`` (a standoff text, whose
    annotation offsets count it, as brat itself does) read as a space, so that no word starts with it; either way
    it is counted in ``counts``. An error names the file as ``name`` where given (the path as the user wrote it,
    e.g. before ``cached_path``), else as ``path``."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ValueError(
            f"{name or path}: line {line}: expected UTF-8 text ({error.reason} at byte {error.start})"
        ) from None
    if text.startswith(BYTE_ORDER_MARK):
        text = (" " if keep_offsets else "") + text[1:]
        if counts is not None:
            counts[names.BYTE_ORDER_MARKS_SKIPPED] += 1
    return text


def read_lines(path: Path, name: Optional[str] = None, counts: Optional[Counter] = None) -> List[str]:
    """The file's lines (``split_lines``)."""
    return split_lines(read_text(path, name, counts))


def split_lines(text: str) -> List[str]:
    """The text's lines, split at ``\\n`` only (as line numbers in annotation files count them); a final newline
    does not start another line."""
    lines = text.split("\n")
    return lines[:-1] if lines[-1] == "" else lines


def non_blank_lines(
    path: Path, name: Optional[str] = None, counts: Optional[Counter] = None
) -> Iterator[Tuple[int, str]]:
    """``(line number, line)`` for each line that holds more than whitespace, the line as ``read_lines`` gives it
    (a ``\\r`` of a CRLF file is still there)."""
    for number, line in enumerate(read_lines(path, name, counts), start=1):
        if line.strip():
            yield number, line


@dataclass(frozen=True)
class Document:
    """One document a data path names: where it was named (for messages), its id, and the path of its files
    without their extensions (``corpus/train/DOC`` for ``corpus/train/DOC.split.txt`` + ``.split.ann``)."""

    where: str
    name: str
    stem: Path


class Layout:
    """How a corpus keeps one document on disk; each multi-file reader describes its own."""

    files: str  # the files of a document DOC, for messages, e.g. "DOC.txt + DOC.ann"

    def stems_in(self, folder: Path) -> List[Path]:
        """The documents directly in ``folder``, in name order."""
        raise NotImplementedError

    def stem_of(self, path: Path) -> Optional[Path]:
        """The document that a file path names, if it is one of a document's files (else the path is an id list)."""
        return None

    def holds(self, stem: Path) -> bool:
        """Whether a document of this name is there."""
        raise NotImplementedError


class DocumentPaths:
    """Resolves a data path of a multi-file corpus (BRAT, LSTM-ER's ACE, i2b2) to its documents, in order.

    A data path is a folder (the documents in it), one document (a path to one of its files, where the layout has
    such paths), a document-id list (one id per line, e.g. a split or a cross-validation fold), or a list of these,
    joined. A document named twice is read once and counted. A listed id is looked up in ``corpus_dir`` and then
    in its sub-folders in name order (LSTM-ER moves documents into per-split sub-folders); ``corpus_dir`` is a
    path as a config gives it (relative to the working directory), and without it ids are looked up in
    ``default_corpus_dir`` relative to the list's own folder (``.``: next to the list).
    """

    def __init__(self, layout: Layout, corpus_dir: Optional[str], default_corpus_dir: str = ".") -> None:
        self._layout = layout
        self._corpus_dir = corpus_dir
        self._default_corpus_dir = default_corpus_dir

    def documents(self, data_path: DataPath, counts: Counter) -> Iterator[Document]:
        paths = data_path if isinstance(data_path, (list, tuple)) else [data_path]
        seen = set()
        for path in paths:
            for document in self._named_by(Path(path)):
                key = os.path.abspath(document.stem)
                if key in seen:
                    counts[names.DUPLICATE_DOCUMENTS_SKIPPED] += 1
                    continue
                seen.add(key)
                yield document

    def _named_by(self, path: Path) -> Iterator[Document]:
        if path.is_dir():
            stems = self._layout.stems_in(path)
            if not stems:
                raise ValueError(f"{path}: expected documents ({self._layout.files}) in this folder, found none")
            for stem in stems:
                yield Document(str(path), stem.name, stem)
            return
        if not path.exists():
            raise ValueError(
                f"{path}: no such file or folder; expected a folder of documents ({self._layout.files}), "
                "a document-id list or one document"
            )
        stem = self._layout.stem_of(path)
        if stem is None:
            yield from self._listed(path)
        else:
            yield Document(str(path), stem.name, stem)

    def _listed(self, path: Path) -> Iterator[Document]:
        if self._corpus_dir is not None:
            corpus, named = Path(self._corpus_dir), f"corpus_dir {self._corpus_dir!r}"
        else:
            corpus = Path(os.path.normpath(path.parent / self._default_corpus_dir))
            named = f"{self._default_corpus_dir!r} next to the list (no corpus_dir given)"
        if not corpus.is_dir():
            raise ValueError(f"{path}: expected the documents it lists in {named}, but {corpus} is not a folder")
        folders = [corpus] + sorted(child for child in corpus.iterdir() if child.is_dir())
        listed = list(non_blank_lines(path))
        if not listed:
            raise ValueError(f"{path}: expected one document id per line, found none")
        for number, line in listed:
            name = line.strip()
            stem = next((folder / name for folder in folders if self._layout.holds(folder / name)), corpus / name)
            yield Document(f"{path}: line {number}", name, stem)
