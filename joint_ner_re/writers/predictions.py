"""Where ``allennlp extract`` writes predicted documents: one writer per output format, each with
``write(document, output)`` and ``close() -> paths written``."""
import json
import os
import sys
from pathlib import Path
from typing import List, Optional, Sequence

from allennlp.common.util import JsonDict

from joint_ner_re.documents import Document
from joint_ner_re.writers.brat import BratWriter
from joint_ner_re.writers.docbin import DocBinWriter
from joint_ner_re.writers.html import HtmlWriter

FORMATS = ("jsonl", "brat", "html", "spacy")
STDOUT = "-"


class JsonLinesWriter:
    """One output record per line (``joint_ner_re.documents``), to a file or, for ``-``, standard output."""

    def __init__(self, path: str) -> None:
        self.path = path
        if path == STDOUT:
            self._handle = sys.stdout
        else:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._handle = open(path, "w", encoding="utf-8")

    def write(self, document: Document, output: JsonDict) -> None:
        self._handle.write(json.dumps(output, ensure_ascii=False) + "\n")

    def close(self) -> List[str]:
        if self._handle is sys.stdout:
            self._handle.flush()
        else:
            self._handle.close()
        return [self.path]


def output_problem(output_format: str, path: str, force: bool, per_document: bool = False) -> Optional[str]:
    """Why ``path`` cannot take this output (None if it can): something is there and ``force`` is not given, or it
    is the wrong kind of thing. Checked before the model is loaded."""
    folder = output_format == "brat" or (output_format == "html" and per_document) or (
        output_format == "spacy" and not path.endswith(".spacy"))
    if path == STDOUT:
        return None if output_format == "jsonl" else f"--format {output_format} writes files; give -o a path, not -"
    if output_format == "html" and not per_document and not path.endswith((".html", ".htm")):
        return f"{path}: --format html writes one page; give -o a name ending in .html (or --per-document for a folder)"
    if os.path.isdir(path) != folder and os.path.exists(path):
        kind = "a folder" if folder else "a file"
        return f"{path} exists and is not {kind}, which --format {output_format} writes there"
    present = os.path.isdir(path) and any(os.scandir(path)) if folder else os.path.exists(path)
    if present and not force:
        return f"{path} exists; give --force to write over it (files of the same name are replaced)"
    return None


def open_writer(output_format: str, path: str, entity_types: Sequence[str], relation_types: Sequence[str],
                title: str, per_document: bool = False):
    if output_format == "jsonl":
        return JsonLinesWriter(path)
    if output_format == "brat":
        return BratWriter(path, entity_types, relation_types)
    if output_format == "html":
        return HtmlWriter(path, entity_types, relation_types, title, per_document)
    if output_format == "spacy":
        return DocBinWriter(path)
    raise ValueError(f"--format: expected one of {', '.join(FORMATS)}, got {output_format!r}")
