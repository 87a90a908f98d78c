"""Predicted documents as spaCy ``DocBin`` files: the model's entities as ``doc.ents``, its relations in
``doc._.relations`` (see ``joint_ner_re.spacy_component``), the sentences it predicted on as the doc's sentence
boundaries, the document's name in ``doc.user_data["id"]``.

Text input keeps the tokens of the spaCy pipeline that split it (whitespace tokens included, so ``doc.text`` is
the document's text); word input becomes a doc of those words joined by single spaces. Read back with::

    import joint_ner_re.spacy_component  # registers Doc._.relations
    docs = DocBin().from_disk(path).get_docs(spacy.blank("en").vocab)
"""
from pathlib import Path
from typing import List, Optional

from allennlp.common.util import JsonDict
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from joint_ner_re.documents import Document
from joint_ner_re.spacy_component import annotate_doc

DOCS_PER_FILE = 1000


def prediction_doc(document: Document, output: JsonDict, vocab: Optional[Vocab] = None) -> Doc:
    """The spaCy doc of a predicted document, annotated with its output record."""
    if document.doc is not None:
        doc, word_tokens = document.doc, document.word_tokens
        if not doc.has_annotation("DEP"):  # a parse fixes its own boundaries
            starts = {word_tokens[sentence["start"]] for sentence in output["sentences"]}
            for token in doc[1:]:
                token.is_sent_start = token.i in starts
    else:
        starts = {sentence["start"] for sentence in output["sentences"]}
        words = output["words"]
        doc = Doc(vocab or Vocab(), words=words, spaces=[True] * (len(words) - 1) + [False],
                  sent_starts=[index in starts for index in range(len(words))])
        word_tokens = list(range(len(words)))
    doc.user_data["id"] = document.name
    return annotate_doc(doc, word_tokens, output)


class DocBinWriter:
    """``path`` ending in ``.spacy``: one file (held in memory until closed); any other path: a folder of
    ``part-NNNNN.spacy`` files of ``DOCS_PER_FILE`` documents each (memory flat in the number of documents; a
    folder of ``.spacy`` files is what ``spacy train`` reads as a corpus)."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self.single = self.path.suffix == ".spacy"
        if not self.single:
            self.path.mkdir(parents=True, exist_ok=True)
        self.written: List[str] = []
        self._vocab = Vocab()
        self._bin = DocBin(store_user_data=True)

    def write(self, document: Document, output: JsonDict) -> None:
        self._bin.add(prediction_doc(document, output, self._vocab))
        if not self.single and len(self._bin) >= DOCS_PER_FILE:
            self._flush()

    def _flush(self) -> None:
        path = self.path if self.single else self.path / f"part-{len(self.written):05d}.spacy"
        self._bin.to_disk(path)
        self.written.append(str(path))
        self._bin = DocBin(store_user_data=True)

    def close(self) -> List[str]:
        if len(self._bin) or not self.written:
            self._flush()
        return self.written
