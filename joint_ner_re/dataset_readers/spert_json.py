"""SpERT JSON (CoNLL04, ADE, SciERC as distributed by Eberts & Ulges 2020), as a JSON array or as JSON lines."""
import itertools
import json
from pathlib import Path
from typing import Any, Counter, Dict, Iterator, List, Optional, Tuple

from allennlp.data import DatasetReader

from joint_ner_re.data.sentence import Entity, Relation, Sentence
from joint_ner_re.dataset_readers import counts as names
from joint_ner_re.dataset_readers.corpus_files import data_file, read_text
from joint_ner_re.dataset_readers.sentence_builder import merge_duplicates
from joint_ner_re.dataset_readers.sentence_reader import SentenceReader

_INDICES = {"entities": ("start", "end"), "relations": ("head", "tail")}


@DatasetReader.register("spert_json")
class SpertJsonReader(SentenceReader):
    """Reads ``{"tokens": [...], "entities": [{"type", "start", "end"}], "relations": [{"type", "head", "tail"}]}``.

    ``end`` is exclusive; ``head``/``tail`` index the document's entity list; ``orig_id`` is kept in ``extra``.
    Exact duplicate entities and relations are merged and counted. A zero-length entity (``start == end``) is
    skipped and counted, and so are the relations that name it, as the ``brat`` reader treats an empty span; a
    document without tokens or annotations is skipped and counted. Errors name the file and the JSON line (JSON
    lines) or the array element and its first line (JSON array).
    """

    def _read_sentences(self, file_path: str) -> Iterator[Sentence]:
        path = data_file(file_path, "SpERT JSON: a JSON array or JSON lines")
        for where, document in json_documents(path, file_path, self.counts):
            sentence = _parse(document, where, self.counts)
            if sentence is not None:
                yield sentence


def json_documents(path: str, name: str, counts: Optional[Counter] = None) -> Iterator[Tuple[str, Any]]:
    """Yield (location, document) from a JSON array or from JSON lines, with line numbers for messages.

    ``path`` is the local file, ``name`` the file as the user gave it (what messages call it); a file that is not
    UTF-8 is a ValueError naming it and the line; a byte-order mark is dropped and counted in ``counts``."""
    # "\r\n" and "\r" read as "\n", as open() in text mode reads them, so that line numbers count them as before
    text = read_text(Path(path), name, counts).replace("\r\n", "\n").replace("\r", "\n")
    if text.lstrip().startswith("["):
        yield from _array_elements(text, name)
        return
    # lines end at "\n" only: JSON strings may hold U+2028, U+2029 or U+0085 as they are, which str.splitlines()
    # would take for line ends
    for number, line in enumerate(text.split("\n"), start=1):
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
            raise ValueError(
                f"{name}: line {error.lineno}: invalid JSON ({error.msg}); expected a JSON array of documents"
            ) from error
        yield f"{name}: array element {index} (line {line_at(position)})", document
        position = skip_space(end)
        if position < len(text) and text[position] == "]":
            return
        if position >= len(text) or text[position] != ",":
            raise ValueError(f"{name}: line {line_at(position)}: expected ',' or ']' after array element {index}")
        position += 1


def _parse(document: Any, where: str, counts: Counter) -> Optional[Sentence]:
    if not (isinstance(document, dict) and isinstance(document.get("tokens"), list)):
        raise ValueError(f'{where}: expected an object with a "tokens" list')
    entities = [Entity(item["start"], item["end"], item["type"]) for item in _items(document, "entities", where)]
    relations = [Relation(item["head"], item["tail"], item["type"]) for item in _items(document, "relations", where)]
    if not document["tokens"] and not entities and not relations:
        counts[names.SENTENCES_WITHOUT_TOKENS_SKIPPED] += 1
        return None
    extra = {"orig_id": document["orig_id"]} if "orig_id" in document else {}
    sentence = Sentence(document["tokens"], entities, relations, source=where, extra=extra)
    sentence.validate(zero_length_entities=True)  # indices checked before zero-length entities are taken out
    blank = {index for index, entity in enumerate(entities) if entity.start == entity.end}
    if blank:
        counts[names.BLANK_ENTITIES_SKIPPED] += len(blank)
        kept = [index for index in range(len(entities)) if index not in blank]
        renumbered = {old: new for new, old in enumerate(kept)}
        sentence.entities = [entities[index] for index in kept]
        sentence.relations = [
            Relation(renumbered[r.head], renumbered[r.tail], r.type)
            for r in relations if r.head in renumbered and r.tail in renumbered
        ]
        counts[names.RELATIONS_SKIPPED_WITH_SKIPPED_ARGUMENT] += len(relations) - len(sentence.relations)
    return merge_duplicates(sentence, counts)


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
