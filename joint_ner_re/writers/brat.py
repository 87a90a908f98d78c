"""Write Sentence records, or predicted documents, as BRAT standoff (``.txt`` + ``.ann``), e.g. to inspect or
correct them in brat.

A predicted document from text keeps its own text (``prediction_to_brat``). Otherwise each document's ``.txt`` holds one sentence per line with the words joined by single spaces, so the ``brat``
reader gives back exactly the same words with ``sentence_splitter: "lines"`` and a tokenizer that splits on spaces:
``{"type": "whitespace_with_offsets"}`` (``SPACE_TOKENIZER`` below).
"""
import os
import re
from itertools import groupby
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from allennlp.common.util import JsonDict

import joint_ner_re.data.whitespace_tokenizer  # noqa: F401  (registers SPACE_TOKENIZER's type)
from joint_ner_re.data.sentence import Sentence
from joint_ner_re.documents import Document, has_char_offsets, output_text, text_layout
from joint_ner_re.writers.colors import type_colors
from joint_ner_re.writers.names import FileStems

SPACE_TOKENIZER: Dict = {"type": "whitespace_with_offsets"}
_ONE_LINE = re.compile(r"[\r\n\t]")
_BRAT_TYPE = re.compile(r"[A-Za-z0-9_-]+")


def document_name(sentence: Sentence, default: str) -> str:
    """The sentence's document (``Sentence.document``) as a file name, else ``default``."""
    return os.path.basename(sentence.document) if sentence.document is not None else default


def to_brat(sentences: List[Sentence]) -> Dict[str, str]:
    """One document: ``{"txt": text, "ann": standoff}``; T/R ids run over the whole document."""
    for sentence in sentences:
        _check_words(sentence.words, sentence.source)
    text, word_spans = text_layout([sentence.words for sentence in sentences])
    entities: List[Tuple[int, int, str]] = []
    relations: List[Tuple[int, int, str]] = []
    for sentence, spans in zip(sentences, word_spans):
        first = len(entities)
        entities.extend((spans[e.start][0], spans[e.last][1], e.type) for e in sentence.entities)
        relations.extend((first + r.head, first + r.tail, r.type) for r in sentence.relations)
    return {"txt": text, "ann": standoff(text, entities, relations)}


def prediction_to_brat(output: JsonDict) -> Dict[str, str]:
    """A predicted document (``joint_ner_re.documents`` output record): ``{"txt", "ann"}``. The text is the
    document's own for text input (offsets as predicted), else its words one sentence per line as ``to_brat``
    writes them. Each relation's score is an ``AnnotatorNotes`` line (shown by brat, counted as a note by the
    ``brat`` reader)."""
    if not has_char_offsets(output):
        _check_words(output["words"], output.get("id"))
    text, _, spans = output_text(output)
    entities = [(start, end, entity["type"]) for (start, end), entity in zip(spans, output["entities"])]
    relations = [(r["head"], r["tail"], r["type"]) for r in output["relations"]]
    notes = [f"score {r['score']:.4f}" for r in output["relations"]]
    return {"txt": text, "ann": standoff(text, entities, relations, notes)}


def _check_words(words: Sequence[str], source: Optional[str]) -> None:
    """Words are written joined by spaces, so none may hold whitespace itself."""
    for word in words:
        if any(character.isspace() for character in word):
            raise ValueError(f"{source}: the word {word!r} holds whitespace and cannot be written as BRAT text")


def standoff(
    text: str,
    entities: Sequence[Tuple[int, int, str]],
    relations: Sequence[Tuple[int, int, str]],
    relation_notes: Optional[Sequence[str]] = None,
) -> str:
    """The ``.ann`` of entities (character spans into ``text``, end exclusive, and a type) and relations (head and
    tail as indices into ``entities``): ``T<n>`` and ``R<n>`` lines, and an ``AnnotatorNotes`` line per relation
    where ``relation_notes`` are given. Line breaks and tabs inside an entity's text are written as spaces, as brat
    does (the ``brat`` reader compares that text with the ``.txt`` ignoring whitespace)."""
    lines = [
        f"T{number}\t{entity_type} {start} {end}\t{_ONE_LINE.sub(' ', text[start:end])}"
        for number, (start, end, entity_type) in enumerate(entities, start=1)
    ]
    for number, (head, tail, relation_type) in enumerate(relations, start=1):
        lines.append(f"R{number}\t{relation_type} Arg1:T{head + 1} Arg2:T{tail + 1}")
        if relation_notes is not None:
            lines.append(f"#{number}\tAnnotatorNotes R{number}\t{relation_notes[number - 1]}")
    return "".join(line + "\n" for line in lines)


def brat_configuration(entity_types: Sequence[str], relation_types: Sequence[str]) -> Dict[str, str]:
    """``annotation.conf`` and ``visual.conf`` for a model's types, so that brat opens its output as it is: any
    relation type may join any two entities (the model does not restrict them), colours as in the HTML view."""
    for name in [*entity_types, *relation_types]:
        if not _BRAT_TYPE.fullmatch(name):
            raise ValueError(f"the type {name!r} cannot be a brat type (expected ASCII letters, digits, '_' or '-')")
    relations = [f"{name}\tArg1:<ENTITY>, Arg2:<ENTITY>" for name in relation_types]
    annotation = ["[entities]", *entity_types, "", "[relations]", *relations, "", "[events]", "", "[attributes]"]
    colors = type_colors(entity_types)
    visual = ["[labels]", *entity_types, *relation_types, "", "[drawing]",
              *(f"{name}\tbgColor:{colors[name]}" for name in entity_types)]
    return {"annotation.conf": "\n".join(annotation) + "\n", "visual.conf": "\n".join(visual) + "\n"}


class BratWriter:
    """Predicted documents into ``folder``: ``annotation.conf`` and ``visual.conf`` for the model's types, and
    ``STEM.txt`` + ``STEM.ann`` per document (``FileStems``; a name's ``/`` makes subfolders, which brat browses as
    collections)."""

    def __init__(self, folder: str, entity_types: Sequence[str], relation_types: Sequence[str]) -> None:
        self.folder = folder
        self._stems = FileStems()
        self.written: List[str] = []
        os.makedirs(folder, exist_ok=True)
        for name, content in brat_configuration(entity_types, relation_types).items():
            _write(os.path.join(folder, name), content)

    def write(self, document: Document, output: JsonDict) -> None:
        path = os.path.join(self.folder, self._stems.stem(document.name))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        for extension, content in prediction_to_brat(output).items():
            _write(f"{path}.{extension}", content)
        self.written.append(path)

    def close(self) -> List[str]:
        return self.written


def _write(path: str, content: str) -> None:
    """Characters as they are: no newline translation, so that offsets count what is in the file."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(content)


def write_brat(sentences: Iterable[Sentence], folder: str, default_document: str = "corpus") -> List[str]:
    """Write consecutive sentences of the same document into ``folder/<document>.{txt,ann}``; returns the names.

    Sentences without a document key go to ``default_document``. A document name that comes back later in the
    stream is an error rather than a silent overwrite."""
    os.makedirs(folder, exist_ok=True)
    written: List[str] = []
    for name, group in groupby(sentences, key=lambda s: document_name(s, default_document)):
        if name in written:
            raise ValueError(f"sentences of document {name!r} are not consecutive; sort them by document first")
        for extension, content in to_brat(list(group)).items():
            _write(os.path.join(folder, f"{name}.{extension}"), content)
        written.append(name)
    return written
