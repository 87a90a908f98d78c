"""The bad-input harness: a case is files with one defect, given to a reader, and the outcome it must have.

Either the read stops with an error that names the file, the place (line, array element, record, sentence) and
what was expected (``Error``), or the read is handled: every non-zero count the reader reports equals the case's
``counts`` exactly (``Handled``). Since the counts include the sentences, entities and relations read and every
item skipped, merged or repaired, an item that vanished without a count fails the case: a silent loss.
docs/reliability.md tabulates the cases (``tests/reliability/test_bad_input_table.py`` keeps the table true).
"""
import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Union

import pytest
from allennlp.common import Params
from allennlp.common.checks import ConfigurationError
from allennlp.data import DatasetReader

from joint_ner_re.data.sentence import Sentence
from tests.conftest import TINY_BERT, nonzero, sentences

# the kinds of defect of the issue (and a few more), as the table names them
KINDS = (
    "truncated file", "wrong column count or record shape", "offsets out of range", "reversed span",
    "zero-length span", "relation to a missing entity", "relation argument that is no entity",
    "duplicate entities and relations", "duplicate ids or sentence ids", "invalid UTF-8", "byte-order mark",
    "CRLF line ends", "control characters", "zero-width characters and soft hyphens",
    "Unicode line separators inside a record", "non-Latin scripts", "whitespace tokens", "empty document",
    "empty sentence", "empty file", "10,000-word document", "5,000-character token", "empty type name",
    "text that does not match its offsets", "annotation across sentences", "non-integer index or offset",
    "unknown annotation or tag", "missing data file", "missing document file", "invalid BIOES tags",
    "unseen entity type at evaluation", "unseen relation type at evaluation", "config naming a missing file",
    "empty input at prediction", "whitespace-only input at prediction",
)
# every reader case reads with the tiny encoder's indexer, so that words without word pieces are found
INDEXERS = {"tokens": {"type": "pretrained_transformer_mismatched", "model_name": str(TINY_BERT)}}


@dataclass
class Error:
    """The read stops with ValueError/ConfigurationError; ``pattern`` is searched in the message, which must also
    name ``file`` (default: the data path's last part), match ``where`` and say what was ``expected``."""

    pattern: str
    where: str = r"line \d+"
    file: Optional[str] = None


@dataclass
class Handled:
    """The read succeeds with exactly these non-zero counts; ``check`` (optional) holds for the sentences read."""

    counts: Dict[str, int]
    check: Optional[Callable[[List[Sentence]], bool]] = None


@dataclass
class Case:
    kind: str
    files: Dict[str, Union[str, bytes]]
    expect: Union[Error, Handled]
    path: Optional[str] = None  # the data path, relative to the case folder (default: the first file)
    options: Dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        assert self.kind in KINDS, self.kind


def ids(cases: List[Case]) -> List[str]:
    return [f"{number}-{case.kind}" for number, case in enumerate(cases)]


def empty_file(name: str, content: str = "") -> Case:
    """A data file that holds no sentence."""
    return Case("empty file", {name: content}, Error(r"expected at least one sentence, read none", where="read none"))


def missing_file(name: str, content: str, expected: str) -> Case:
    """A data path that names no file (``name`` is written beside it)."""
    return Case("missing data file", {name: content}, Error(rf"no such file \(expected {expected}", where="missing"),
                path="missing")


def bad_input_test(reader_params: Dict[str, Any], cases: List[Case]) -> Callable:
    """The test function of a module: every case, read by the reader of ``reader_params``."""

    @pytest.mark.parametrize("case", cases, ids=ids(cases))
    def test_bad_input(tmp_path, case):
        run(reader_params, case, tmp_path)

    return test_bad_input


def run(reader_params: Dict[str, Any], case: Case, folder: Path) -> None:
    for name, content in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    data_path = str(folder / (case.path if case.path is not None else next(iter(case.files))))
    reader = _reader({"token_indexers": INDEXERS, **reader_params, **case.options})
    if isinstance(case.expect, Error):
        with pytest.raises((ValueError, ConfigurationError)) as raised:
            sentences(reader.read(data_path))
        message = str(raised.value)
        named = case.expect.file or Path(data_path).name
        assert named in message, message
        assert re.search(case.expect.where, message), message
        assert "expected" in message, message
        assert re.search(case.expect.pattern, message), message
    else:
        read = sentences(reader.read(data_path))
        assert nonzero(reader.counts) == case.expect.counts, nonzero(reader.counts)
        if case.expect.check is not None:
            assert case.expect.check(read), [s.words[:20] for s in read]


_READERS: Dict[str, DatasetReader] = {}


def _reader(params: Dict[str, Any]) -> DatasetReader:
    """One reader per set of options (a read starts from zero counts), built once: spaCy and the tokenizer load
    once per module."""
    key = json.dumps(params, sort_keys=True)
    if key not in _READERS:
        _READERS[key] = DatasetReader.from_params(Params(copy.deepcopy(params)))  # Params consumes its dict
    return _READERS[key]


def read_counts(sentences_: int, entities: int, relations: int, **other: int) -> Dict[str, int]:
    """The counts of a read: what was read, and every other non-zero count by name."""
    counts = {"sentences": sentences_, "entities": entities, "relations": relations, **other}
    return {name: value for name, value in counts.items() if value}
