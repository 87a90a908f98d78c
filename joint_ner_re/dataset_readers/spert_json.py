"""SpERT JSON (CoNLL04, ADE, SciERC as distributed by Eberts & Ulges 2020), as a JSON array or as JSON lines."""
import itertools
import json
from pathlib import Path
from typing import Any, Counter, Dict, Iterator, List, Tuple

from allennlp.common.file_utils import cached_path
from allennlp.data import DatasetReader

from joint_ner_re.data.sentence import Entity, Relation, Sentence
from joint_ner_re.dataset_readers.corpus_files import read_text
from joint_ner_re.dataset_readers.sentence_builder import merge_duplicates
from joint_ner_re.dataset_readers.sentence_reader import SentenceReader

_INDICES = {"entities": ("start", "end"), "relations": ("head", "tail")}


@DatasetReader.register("spert_json")
class SpertJsonReader(SentenceReader):
    """Reads ``{"tokens": [...], "entities": [{"type", "start", "end"}], "relations": [{"type", "head", "tail"}]}``.

    ``end`` is exclusive; ``head``/``tail`` index the document's entity list; ``orig_id`` is kept in ``extra``.
    Exact duplicate entities and relations are merged and counted. Errors name the file and the JSON line (JSON
    lines) or the array element and its first line (JSON array).
    """

    def _read_sentences(self, file_path: str) -> Iterator[Sentence]:
        path = cached_path(file_path)
        for where, document in json_documents(path, file_path):
            yield _parse(document, where, self.counts)


def json_documents(path: str, name: str) -> Iterator[Tuple[str, Any]]:
    """Yield (location, document) from a JSON array or from JSON lines, with line numbers for messages.

    ``path`` is the local file, ``name`` the file as the user gave it (what messages call it); a file that is not
    UTF-8 is a ValueError naming it and the line."""
    # "\r\n" and "\r" read as "\n", as open() in text mode reads them, so that line numbers count them as before
    text = read_text(Path(path), name).replace("\r\n", "\n").replace("\r", "\n")
    if text.lstrip().startswith("["):
        yield from _array_elements(text, name)
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield f"{name}: line {number}", json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{name}: line {number}: invalid JSON ({error.msg}); expected one document per line") from error


def _array_elements(text: str, name: str) -> Iterator[Tuple[str, Any]]:
    """Decode a top-level JSON array one element at a time, tracking the line each element starts on."""
    decoder = json.JSONDecoder()
    position, line, counted = text.index("[") + 1, 1, 0

    def skip_space(at: int) -> int:
        while at < len(text) and text[at] in " \t\r\n":
            at += 1
        return at

    def line_at(at: int) -> int:
        nonlocal line, counted
        line += text.count("\n", counted, at)
        counted = at
        return line

    for index in itertools.count():
        position = skip_space(position)
        if index == 0 and position < len(text) and text[position] == "]":
            return
        try:
            document, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            raise ValueError(f"{name}: line {error.lineno}: invalid JSON ({error.msg})") from error
        yield f"{name}: array element {index} (line {line_at(position)})", document
        position = skip_space(end)
        if position < len(text) and text[position] == "]":
            return
        if position >= len(text) or text[position] != ",":
            raise ValueError(f"{name}: line {line_at(position)}: expected ',' or ']' after array element {index}")
        position += 1


def _parse(document: Any, where: str, counts: Counter) -> Sentence:
    if not (isinstance(document, dict) and isinstance(document.get("tokens"), list)):
        raise ValueError(f'{where}: expected an object with a "tokens" list')
    entities = [Entity(item["start"], item["end"], item["type"]) for item in _items(document, "entities", where)]
    relations = [Relation(item["head"], item["tail"], item["type"]) for item in _items(document, "relations", where)]
    extra = {"orig_id": document["orig_id"]} if "orig_id" in document else {}
    return merge_duplicates(Sentence(document["tokens"], entities, relations, source=where, extra=extra), counts)


def _items(document: Dict[str, Any], key: str, where: str) -> List[Dict[str, Any]]:
    """The document's ``entities`` or ``relations`` (none if absent), each checked to have its type and indices."""
    indices = _INDICES[key]
    items = document.get(key, [])
    for item in items:
        if not (
            isinstance(item, dict)
            and isinstance(item.get("type"), str)
            and all(isinstance(item.get(index), int) for index in indices)
        ):
            shape = ", ".join(f'"{name}": {kind}' for name, kind in (("type", "str"), *((i, "int") for i in indices)))
            raise ValueError(f"{where}: expected {key} as {{{shape}}}, got {item!r}")
    return items
