"""DyGIE / DyGIE++ / PURE JSON lines (ACE05 as most later work uses it): one document per line, spans in document
token indices."""
from typing import Any, Counter, Dict, Iterator, List

from allennlp.data import DatasetReader

from joint_ner_re.data.sentence import Entity, Relation, Sentence
from joint_ner_re.dataset_readers import counts as names
from joint_ner_re.dataset_readers.corpus_files import data_file
from joint_ner_re.dataset_readers.sentence_builder import SentenceBuilder
from joint_ner_re.dataset_readers.sentence_reader import SentenceReader
from joint_ner_re.dataset_readers.spert_json import json_documents

_PER_SENTENCE = ("ner", "relations", "_orig_doc_key", "_orig_sent_ix")
_WITHOUT = {"ner": names.DOCUMENTS_WITHOUT_NER, "relations": names.DOCUMENTS_WITHOUT_RELATIONS}


@DatasetReader.register("dygiepp_json")
class DygieppJsonReader(SentenceReader):
    """Reads ``{"doc_key", "sentences": [[word]], "ner": [[[s, e, TYPE]]], "relations": [[[s1, e1, s2, e2, TYPE]]]}``.

    ``ner`` and ``relations`` hold one list per sentence; ``s``/``e`` are DOCUMENT-level token indices with an
    INCLUSIVE end; a relation is ``arg1 -> arg2`` (read as head -> tail) and its arguments are matched to the
    sentence's entities by span. Each sentence becomes one ``Sentence`` with sentence-level spans (end exclusive),
    its ``doc_key`` as its document, and ``sentence_index`` and, when present, ``dataset`` in ``extra``. The
    collated form of dygiepp's ``collate.py`` (an int ``doc_key`` over regrouped sentences, with per-sentence
    ``_orig_doc_key`` and ``_orig_sent_ix``) is read too: the document and ``sentence_index`` are then the original
    ones and the pseudo-document key is ``extra["collated_doc_key"]``. ``clusters``, ``events`` and ``predicted_*``
    fields are not read.

    Conventions (counted in ``self.counts``; none is an error): a document without ``ner`` or ``relations`` is read
    as having none; an entity not inside its sentence is skipped; a relation with an argument outside its sentence,
    or with an argument span that is no entity of the sentence (its type would be unknown), is skipped; when one span
    carries entities of several types, a relation argument on it takes the first; exact duplicate entities and
    relations are merged. Malformed input (bad JSON, wrong list shapes, indices outside the document) raises
    ``ValueError`` naming the file, the line and what was expected.
    """

    def _read_sentences(self, file_path: str) -> Iterator[Sentence]:
        for where, document in json_documents(data_file(file_path, "DyGIE++ JSON lines"), file_path, self.counts):
            yield from _sentences(document, where, self.counts)


def _sentences(document: Any, where: str, counts: Counter) -> Iterator[Sentence]:
    fields = _per_sentence_fields(document, where, counts)
    length = sum(len(words) for words in document["sentences"])
    if not length:
        counts[names.EMPTY_DOCUMENTS_SKIPPED] += 1
    start = 0
    for index, words in enumerate(document["sentences"]):
        sentence = _Sentence(where, index, range(start, start + len(words)), length, counts)
        for item in sentence.entries(fields, "ner"):
            sentence.add_entity(item)
        for item in sentence.entries(fields, "relations"):
            sentence.add_relation(item)
        if not words:  # its annotations, if any, were outside it: counted above
            counts[names.SENTENCES_WITHOUT_TOKENS_SKIPPED] += 1
            continue
        doc_key, extra = document["doc_key"], {"sentence_index": index}
        if "_orig_doc_key" in fields:
            doc_key, extra["collated_doc_key"] = fields["_orig_doc_key"][index], document["doc_key"]
        if "_orig_sent_ix" in fields:
            extra["sentence_index"] = fields["_orig_sent_ix"][index]
        if "dataset" in document:
            extra["dataset"] = document["dataset"]
        yield sentence.builder.build(words, source=sentence.where, document=str(doc_key), extra=extra)
        start += len(words)


def _per_sentence_fields(document: Any, where: str, counts: Counter) -> Dict[str, List[Any]]:
    """Check the document's shape; return its per-sentence fields (``ner``, ``relations``, collation keys)."""

    def expect(condition: bool, what: str) -> None:
        if not condition:
            raise ValueError(f"{where}: expected {what}")

    expect(isinstance(document, dict), f"a JSON object per line, got {document!r:.100}")
    sentences = document.get("sentences")
    expect(
        isinstance(sentences, list) and all(isinstance(words, list) for words in sentences),
        f'"sentences" as a list of token lists, got {sentences!r:.100}',
    )
    expect(isinstance(document.get("doc_key"), (str, int)), 'a "doc_key" (a string; an int in the collated form)')
    fields = {}
    for key in _PER_SENTENCE:
        if key not in document:
            if key in _WITHOUT:
                counts[_WITHOUT[key]] += 1
            continue
        value = document[key]
        expect(
            isinstance(value, list) and len(value) == len(sentences),
            f'"{key}" as a list with one entry per sentence ({len(sentences)}), got {value!r:.100}',
        )
        fields[key] = value
    return fields


class _Sentence:
    """One sentence of a document being built: converts its document-level spans and records what it skips."""

    def __init__(self, where: str, index: int, tokens: range, document_length: int, counts: Counter) -> None:
        self.where, self.index, self.tokens = f"{where}, sentence {index}", index, tokens
        self.document_length, self.counts = document_length, counts
        self.builder = SentenceBuilder(counts)
        self.by_span: Dict[range, int] = {}  # span -> the first entity with it

    def entries(self, fields: Dict[str, List[Any]], key: str) -> List[Any]:
        """This sentence's list under ``key`` (empty when the document has no such field)."""
        entries = fields[key][self.index] if key in fields else []
        self._expect(isinstance(entries, list), f'"{key}" of a sentence as a list', entries)
        return entries

    def add_entity(self, item: Any) -> None:
        self._expect(_shaped(item, 2), "ner entries as [start, end, TYPE]", item)
        span = self._span(item[0], item[1], "ner span")
        if not self._inside(span):
            self.counts[names.ENTITIES_SKIPPED_OUTSIDE_THEIR_SENTENCE] += 1
            return
        index = self.builder.add_entity(Entity(span.start - self.tokens.start, span.stop - self.tokens.start, item[2]))
        if self.by_span.setdefault(span, index) != index:
            self.counts[names.ENTITY_SPANS_WITH_SEVERAL_TYPES] += 1

    def add_relation(self, item: Any) -> None:
        self._expect(_shaped(item, 4), "relation entries as [start1, end1, start2, end2, TYPE]", item)
        head = self._span(item[0], item[1], "relation argument")
        tail = self._span(item[2], item[3], "relation argument")
        if not (self._inside(head) and self._inside(tail)):
            self.counts[names.RELATIONS_SKIPPED_ACROSS_SENTENCES] += 1
        elif head not in self.by_span or tail not in self.by_span:
            self.counts[names.RELATIONS_SKIPPED_WITH_ARGUMENT_NOT_AN_ENTITY] += 1
        else:
            self.builder.add_relation(Relation(self.by_span[head], self.by_span[tail], item[4]))

    def _span(self, first: int, last: int, what: str) -> range:
        if not 0 <= first <= last < self.document_length:
            raise ValueError(
                f"{self.where}: {what} [{first}, {last}] does not fit the document of {self.document_length} tokens "
                "(expected document-level token indices, 0 <= start <= end < number of tokens, end inclusive)"
            )
        return range(first, last + 1)

    def _inside(self, span: range) -> bool:
        return self.tokens.start <= span.start and span.stop <= self.tokens.stop

    def _expect(self, condition: bool, what: str, got: Any) -> None:
        if not condition:
            raise ValueError(f"{self.where}: expected {what}, got {got!r:.100}")


def _shaped(item: Any, integers: int) -> bool:
    """``item`` is a list of ``integers`` ints followed by one string (a type)."""
    return (
        isinstance(item, list)
        and len(item) == integers + 1
        and all(isinstance(value, int) and not isinstance(value, bool) for value in item[:integers])
        and isinstance(item[-1], str)
    )
