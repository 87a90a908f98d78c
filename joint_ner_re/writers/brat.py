"""Write Sentence records as BRAT standoff (``.txt`` + ``.ann``), e.g. to inspect or correct them in brat.

Each document's ``.txt`` holds one sentence per line with the words joined by single spaces, so the ``brat``
reader gives back exactly the same words with ``sentence_splitter: "lines"`` and a tokenizer that splits on spaces:
``{"type": "whitespace_with_offsets"}`` (``SPACE_TOKENIZER`` below).
"""
import os
from itertools import groupby
from typing import Dict, Iterable, List

import joint_ner_re.data.whitespace_tokenizer  # noqa: F401  (registers SPACE_TOKENIZER's type)
from joint_ner_re.data.sentence import Sentence

SPACE_TOKENIZER: Dict = {"type": "whitespace_with_offsets"}


def document_name(sentence: Sentence, default: str) -> str:
    """The sentence's document (``Sentence.document``) as a file name, else ``default``."""
    return os.path.basename(sentence.document) if sentence.document is not None else default


def to_brat(sentences: List[Sentence]) -> Dict[str, str]:
    """One document: ``{"txt": text, "ann": standoff}``; T/R ids run over the whole document."""
    lines: List[str] = []
    annotations: List[str] = []
    offset = 0
    entity_ids = 0
    relation_ids = 0
    for sentence in sentences:
        starts, position = [], offset
        for word in sentence.words:
            if any(character.isspace() for character in word):
                raise ValueError(f"{sentence.source}: the word {word!r} holds whitespace and cannot be written as BRAT text")
            starts.append(position)
            position += len(word) + 1
        line = " ".join(sentence.words)
        ids = []
        for entity in sentence.entities:
            entity_ids += 1
            ids.append(f"T{entity_ids}")
            begin = starts[entity.start]
            end = starts[entity.last] + len(sentence.words[entity.last])
            annotations.append(f"T{entity_ids}\t{entity.type} {begin} {end}\t{line[begin - offset:end - offset]}")
        for relation in sentence.relations:
            relation_ids += 1
            annotations.append(f"R{relation_ids}\t{relation.type} Arg1:{ids[relation.head]} Arg2:{ids[relation.tail]}")
        lines.append(line)
        offset += len(line) + 1
    return {"txt": "".join(line + "\n" for line in lines), "ann": "".join(a + "\n" for a in annotations)}


def write_brat(sentences: Iterable[Sentence], folder: str, default_document: str = "corpus") -> List[str]:
    """Write consecutive sentences of the same document into ``folder/<document>.{txt,ann}``; returns the names.

    Sentences without a document key go to ``default_document``. A document name that comes back later in the
    stream is an error rather than a silent overwrite."""
    os.makedirs(folder, exist_ok=True)
    written: List[str] = []
    for name, group in groupby(sentences, key=lambda s: document_name(s, default_document)):
        if name in written:
            raise ValueError(f"sentences of document {name!r} are not consecutive; sort them by document first")
        document = to_brat(list(group))
        for extension, content in document.items():
            with open(os.path.join(folder, f"{name}.{extension}"), "w", encoding="utf-8") as handle:
                handle.write(content)
        written.append(name)
    return written
