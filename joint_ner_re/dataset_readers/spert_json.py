"""SpERT JSON (CoNLL04, ADE, SciERC as distributed by Eberts & Ulges 2020), as a JSON array or as JSON lines."""
import itertools
import json
from pathlib import Path
from typing import Any, Iterable, Iterator, Tuple

from allennlp.common.file_utils import cached_path
from allennlp.data import DatasetReader

from joint_ner_re.data.sentence import Entity, Relation, Sentence
from joint_ner_re.dataset_readers.corpus_files import read_text
from joint_ner_re.dataset_readers.sentence_reader import SentenceReader


@DatasetReader.register("spert_json")
class SpertJsonReader(SentenceReader):
    """Reads ``{"tokens": [...], "entities": [{"type", "start", "end"}], "relations": [{"type", "head", "tail"}]}``.

    ``end`` is exclusive; ``head``/``tail`` index the document's entity list. Errors name the file and the JSON
    line (JSON lines) or the array element and its first line (JSON array).
    """

    def _read_sentences(self, file_path: str) -> Iterator[Sentence]:
        path = cached_path(file_path)
        for where, document in json_documents(path, file_path):
            yield _parse(document, where)


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


def _parse(document: Any, where: str) -> Sentence:
    def expect(condition: bool, what: str) -> None:
        if not condition:
            raise ValueError(f"{where}: expected {what}")

    expect(isinstance(document, dict) and isinstance(document.get("tokens"), list), 'an object with a "tokens" list')
    entities, relations = [], []
    for entity in document.get("entities", []):
        expect(
            isinstance(entity, dict)
            and isinstance(entity.get("type"), str)
            and all(isinstance(entity.get(key), int) for key in ("start", "end")),
            f'entities as {{"type": str, "start": int, "end": int}}, got {entity!r}',
        )
        entities.append(Entity(entity["start"], entity["end"], entity["type"]))
    for relation in document.get("relations", []):
        expect(
            isinstance(relation, dict)
            and isinstance(relation.get("type"), str)
            and all(isinstance(relation.get(key), int) for key in ("head", "tail")),
            f'relations as {{"type": str, "head": int, "tail": int}}, got {relation!r}',
        )
        relations.append(Relation(relation["head"], relation["tail"], relation["type"]))
    sentence = Sentence(document["tokens"], entities, relations, source=where)
    if "orig_id" in document:
        sentence.extra["orig_id"] = document["orig_id"]
    sentence.validate()
    return sentence
