"""``allennlp extract ARCHIVE INPUT... -o OUT [--format jsonl|brat|html|spacy]``: entities and relations from documents.

INPUT is any of, mixed and repeated:
  a text file      one document (any name not ending in .jsonl or .ndjson);
  a folder         its text files (--suffix, default .txt), subfolders included, in name order;
  a JSON-lines file (.jsonl, .ndjson) one document per line: {"text": ...}, {"tokens": [...]} or
                   {"sentences": [[...], ...]}; other keys (an "id") are copied to the output;
  -                standard input: JSON lines if its first non-blank character is "{", else one text document.

A text is cut into sentences (spaCy's rule-based sentencizer, or --sentence-splitter PIPELINE) and words; the
sentences of many documents are predicted together, longest first, and each document is written, in input order,
as soon as it is done (memory stays flat however large the input). Formats: jsonl (one record per document, the
schema in joint_ner_re/documents.py; -o - for standard output), brat (a folder: .txt + .ann per document,
annotation.conf, visual.conf), html (one page; a folder of pages with --per-document), spacy (DocBin: one .spacy
file, or a folder of .spacy files of 1000 documents each when OUT does not end in .spacy).

A document that cannot be read (not text in --encoding, empty, a JSON line without text) is reported by name and
left out; the others go on, and the exit status is then 1. An existing OUT is never written over without --force.
"""
import argparse
import json
import logging
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

from allennlp.models.archival import load_archive
from allennlp.predictors import Predictor
from tqdm import tqdm

from joint_ner_re.commands.subcommands import register_subcommand, run_standalone
from joint_ner_re.common.text import counted
from joint_ner_re.documents import LINE_BREAKS, RULE_BASED, Document, document_from_json, model_labels
from joint_ner_re.predictors.joint_ner_re import SORT_WINDOW
from joint_ner_re.writers.predictions import FORMATS, STDOUT, open_writer, output_problem

JSON_LINES = (".jsonl", ".ndjson")


@dataclass(frozen=True)
class Source:
    """One input to read: ``kind`` is ``text``, ``jsonl`` or ``stdin``; ``name`` the document name (text) or the
    prefix of unnamed lines (JSON lines)."""

    kind: str
    path: Optional[Path]
    name: str


@dataclass
class Summary:
    documents: int = 0
    sentences: int = 0
    words: int = 0
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    failures: List[Tuple[str, str]] = field(default_factory=list)
    renamed: int = 0

    def add(self, document: Document, output: dict) -> None:
        self.documents += 1
        self.sentences += len(document.sentences)
        self.words += document.words
        self.entities.update(entity["type"] for entity in output["entities"])
        self.relations.update(relation["type"] for relation in output["relations"])

    def report(self, seconds: float, loading: float) -> str:
        def by_type(counts: Counter) -> str:
            return ", ".join(f"{name} {count}" for name, count in sorted(counts.items())) or "none"

        counts = [(self.documents, "document"), (self.sentences, "sentence"), (self.words, "word"),
                  (sum(self.entities.values()), "entity"), (sum(self.relations.values()), "relation")]
        lines = [
            "extract: " + ", ".join(counted(number, noun) for number, noun in counts),
            f"  time: {seconds:.1f} s ({self.documents / max(seconds, 1e-9):.2f} documents/s, "
            f"{self.sentences / max(seconds, 1e-9):.1f} sentences/s, {self.words / max(seconds, 1e-9):.0f} words/s; "
            f"loading the model took {loading:.1f} s more)",
            f"  entities: {by_type(self.entities)}",
            f"  relations: {by_type(self.relations)}",
        ]
        if self.renamed:
            lines.append(f"  {counted(self.renamed, 'document')} had a name already taken and got a -N suffix")
        if self.failures:
            lines.append(f"  left out, {counted(len(self.failures), 'document')} that could not be read:")
            lines += [f"    {where}: {reason}" for where, reason in self.failures]
        return "\n".join(lines)


def plan_sources(inputs: List[str], suffix: str) -> List[Source]:
    """The inputs as sources, folders expanded; ValueError for a path that is not there or a folder without
    documents (before the model is loaded)."""
    sources: List[Source] = []
    for given in inputs:
        if given == STDOUT:
            sources.append(Source("stdin", None, "stdin"))
            continue
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob(f"*{suffix}") if p.is_file() and not _hidden(p.relative_to(path)))
            if not files:
                raise ValueError(f"{given}: the folder holds no *{suffix} file (give --suffix for another extension)")
            sources += [Source("text", p, p.relative_to(path).with_suffix("").as_posix()) for p in files]
        elif path.is_file():
            sources.append(Source("jsonl" if path.suffix in JSON_LINES else "text", path, path.stem))
        else:
            raise ValueError(f"{given}: no such file or folder")
    return sources


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def decode(data: bytes, encoding: str) -> str:
    """Bytes as text, a leading byte-order mark left out; ValueError naming the line of the first bad byte."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ValueError(
            f"line {line}: expected {encoding} text ({error.reason} at byte {error.start}); "
            "give --encoding if the file has another encoding"
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


class DocumentReader:
    """The documents of the sources, one at a time; what cannot be read goes to ``summary.failures``."""

    def __init__(self, splitter, encoding: str, summary: Summary, on_failure) -> None:
        self.splitter = splitter
        self.encoding = encoding
        self.summary = summary
        self.on_failure = on_failure
        self._names: Counter = Counter()

    def documents(self, sources: List[Source]) -> Iterator[Document]:
        for source in sources:
            if source.kind == "text":
                yield from self._text(str(source.path), source.path.read_bytes, source.name, {"file": str(source.path)})
            elif source.kind == "jsonl":
                with source.path.open("rb") as handle:
                    yield from self._json_lines(str(source.path), handle, source.name)
            else:
                stdin = sys.stdin.buffer
                first = stdin.readline()
                while first and not first.strip():
                    first = stdin.readline()
                if first.lstrip().startswith(b"{"):
                    yield from self._json_lines("stdin", _chain(first, stdin), source.name)
                else:
                    yield from self._text("stdin", lambda: first + stdin.read(), source.name, {})

    def _text(self, where: str, read, name: str, fields: dict) -> Iterator[Document]:
        try:
            text = decode(read(), self.encoding)
            unique = self._unique(name)
            yield _with_words(self.splitter.document(text, unique, {"id": unique, **fields, "text": text}))
        except (OSError, ValueError) as error:
            self._fail(where, error)

    def _json_lines(self, where: str, lines, prefix: str) -> Iterator[Document]:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            place = f"{where}: line {number}"
            try:
                try:
                    inputs = json.loads(decode(raw, self.encoding))
                except json.JSONDecodeError as error:
                    raise ValueError(f"expected a JSON object, got invalid JSON ({error})") from None
                if not isinstance(inputs, dict):
                    raise ValueError(f"expected a JSON object, got {type(inputs).__name__}")
                given = inputs.get("id")
                name = self._unique(str(given) if isinstance(given, (str, int)) else f"{prefix}-{number}")
                yield _with_words(document_from_json(inputs, name, self.splitter))
            except ValueError as error:
                self._fail(place, error)

    def _unique(self, name: str) -> str:
        self._names[name] += 1
        if self._names[name] == 1:
            return name
        self.summary.renamed += 1
        return self._unique(f"{name}-{self._names[name]}")

    def _fail(self, where: str, error: Exception) -> None:
        self.summary.failures.append((where, str(error)))
        self.on_failure(where, error)


class Progress:
    """A progress bar of documents (tqdm shows documents/s) with the sentences predicted and sentences/s."""

    def __init__(self, total: Optional[int], quiet: bool) -> None:
        self.bar = tqdm(total=total, unit="doc", file=sys.stderr, disable=quiet, dynamic_ncols=True)
        self.sentences = 0
        self.started = time.perf_counter()

    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def predicted(self, sentences: int) -> None:
        self.sentences += sentences
        rate = self.sentences / max(self.seconds(), 1e-9)
        self.bar.set_postfix_str(f"{self.sentences} sentences, {rate:.1f} sentences/s")

    def failed(self, where: str, error: Exception) -> None:
        self.bar.write(f"extract: left out {where}: {error}", file=sys.stderr)
        self.bar.update(1)


def _with_words(document: Document) -> Document:
    """The document, unless it has no word: extract reports that instead of writing an empty record."""
    if not document.sentences:
        raise ValueError("empty document: no words (only whitespace or nothing)")
    return document


def _chain(first: bytes, rest) -> Iterator[bytes]:
    yield first
    yield from rest


def run(args: argparse.Namespace) -> None:
    if not args.verbose:
        logging.getLogger().setLevel(logging.WARNING)
    problem = output_problem(args.format, args.output, args.force, args.per_document)
    if problem:
        sys.exit(f"allennlp extract: error: {problem}")
    try:
        sources = plan_sources(args.inputs, args.suffix)
    except ValueError as error:
        sys.exit(f"allennlp extract: error: {error}")

    started = time.perf_counter()
    archive = load_archive(args.archive, cuda_device=args.cuda_device, overrides=args.overrides)
    predictor = Predictor.from_archive(archive, "joint_ner_re", extra_args={
        "sentence_splitter": args.sentence_splitter, "line_breaks": args.line_breaks,
        "batch_size": args.batch_size, "max_padded_words": args.max_padded_words,
    })
    entity_types, relation_types = model_labels(predictor._model.vocab)
    loading = time.perf_counter() - started

    summary = Summary()
    known = None if any(source.kind != "text" for source in sources) else len(sources)
    progress = Progress(known, args.quiet)
    reader = DocumentReader(predictor.splitter, args.encoding, summary, progress.failed)
    writer = open_writer(args.format, args.output, entity_types, relation_types,
                         title=f"Entities and relations: {args.archive}", per_document=args.per_document)
    try:
        for document, output in predictor.predict_documents(reader.documents(sources), args.sort_window,
                                                             progress.predicted):
            writer.write(document, output)
            summary.add(document, output)
            progress.bar.update(1)
    finally:
        written = writer.close()
        progress.bar.close()
    seconds = progress.seconds()
    print(summary.report(seconds, loading), file=sys.stderr)
    print(f"  output ({args.format}): {written[0] if len(written) == 1 else args.output}", file=sys.stderr)
    if summary.failures:
        sys.exit(1)


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("archive", help="a model.tar.gz made by allennlp train")
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="text files, folders of them, JSON-lines files, or -")
    parser.add_argument("-o", "--output", required=True, help="where to write (a file, or a folder for brat, "
                        "html --per-document, and spacy without .spacy); - for standard output (jsonl)")
    parser.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default jsonl)")
    parser.add_argument("--force", action="store_true", help="write over an existing output")
    parser.add_argument("--per-document", action="store_true", help="html: one page per document in a folder")
    parser.add_argument("--suffix", default=".txt", help="the text files read from a folder (default .txt)")
    parser.add_argument("--encoding", default="utf-8", help="encoding of the text and JSON-lines input (default utf-8)")
    parser.add_argument("--sentence-splitter", default=RULE_BASED,
                        help="'sentencizer' (rule-based, the default) or an installed spaCy pipeline's name or path")
    parser.add_argument("--line-breaks", choices=LINE_BREAKS, default="soft",
                        help="soft (default): a single line break is a space, a blank line ends a sentence; "
                             "hard: every line break ends a sentence")
    parser.add_argument("--batch-size", type=int, default=32, help="sentences per forward pass (default 32)")
    parser.add_argument("--max-padded-words", type=int, default=4096,
                        help="at most this many words per forward pass, padding included (default 4096)")
    parser.add_argument("--sort-window", type=int, default=SORT_WINDOW,
                        help=f"sentences gathered and sorted by length before prediction (default {SORT_WINDOW})")
    parser.add_argument("--cuda-device", type=int, default=-1, help="GPU id; -1 (default) for the CPU")
    parser.add_argument("--overrides", default="", help="a JSON object of archive config overrides")
    parser.add_argument("--quiet", action="store_true", help="no progress bar (the summary is still printed)")
    parser.add_argument("--verbose", action="store_true", help="keep AllenNLP's INFO logging")


Extract = register_subcommand("extract", __doc__, "Extract entities and relations from documents.", _add_arguments,
                             run)

if __name__ == "__main__":
    run_standalone("joint_ner_re.commands.extract", __doc__, _add_arguments, run)
