"""The model as a spaCy pipeline component::

    import spacy
    nlp = spacy.blank("en")            # or any pipeline: its sentence boundaries are used where it sets them
    nlp.add_pipe("joint_ner_re", config={"archive": "model.tar.gz"})
    doc = nlp("Mark Johnson, a reporter for The New York Times, lives in Brooklyn.")
    doc.ents                           # the model's entities, labelled with its types
    doc._.relations                    # [{"head_start", "head_end", "tail_start", "tail_end", "label", "score"}]
    docs = nlp.pipe(texts, batch_size=64)

The factory is ``joint_ner_re_spacy.make_joint_ner_re``, registered through spaCy's ``spacy_factories`` entry point
(``setup.py``), so ``add_pipe`` finds it after ``pip install``; that module is kept apart from this package because
spaCy imports every registered factory whenever it builds any pipeline.

``Doc._.relations`` (registered on import, default None = the component has not run on the doc): one dict per
predicted relation, ``head_start``/``head_end`` and ``tail_start``/``tail_end`` token offsets into the doc (end
exclusive: ``doc[r["head_start"]:r["head_end"]]`` is the head entity), ``label`` (the relation type) and ``score``
(the classifier's probability). Plain values, so that ``DocBin(store_user_data=True)`` keeps them; register the
extension before reading such a ``DocBin`` (``import joint_ner_re.spacy_component``).

The component predicts on the doc's words (its tokens that are not whitespace), sentence by sentence: the pipeline's
own boundaries where it has them (parser, senter, sentencizer), else the rule-based sentencizer's (not written to
the doc), a blank line always ending a sentence (``line_breaks``: see ``joint_ner_re.documents``). The model
relates entities within a sentence. Config: ``archive`` (required), ``cuda_device`` (-1: CPU), ``batch_size`` and
``max_padded_words`` (sentences per forward pass; see ``JointNerRePredictor``), ``overwrite_ents`` (True: the
model's entities replace ``doc.ents``; False: existing entities stay and the model's are added where they overlap
none), ``line_breaks``, ``overrides`` (a JSON string of archive config overrides). ``nlp.to_disk`` stores the config
only: the archive is read again from its path by ``spacy.load``.
"""
from typing import Iterable, Iterator, List

from allennlp.common.util import JsonDict
from allennlp.models.archival import load_archive
from allennlp.predictors import Predictor
import joint_ner_re_spacy  # noqa: F401  (registers the factory where no entry point is installed)
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from joint_ner_re.documents import document_from_doc

RELATIONS = "relations"
if not Doc.has_extension(RELATIONS):
    Doc.set_extension(RELATIONS, default=None)


def annotate_doc(doc: Doc, word_tokens: List[int], output: JsonDict, overwrite_ents: bool = True) -> Doc:
    """Write an output record (``joint_ner_re.documents``) onto the doc its words came from: ``doc.ents`` and
    ``doc._.relations``; ``word_tokens`` is the doc token index of each word."""
    spans = [
        Span(doc, word_tokens[entity["start"]], word_tokens[entity["end"] - 1] + 1, label=entity["type"])
        for entity in output["entities"]
    ]
    if overwrite_ents:
        doc.ents = spans
    else:
        kept = list(doc.ents)
        doc.ents = kept + [span for span in spans if not any(span.start < e.end and e.start < span.end for e in kept)]
    doc._.set(RELATIONS, [
        {
            "head_start": spans[r["head"]].start, "head_end": spans[r["head"]].end,
            "tail_start": spans[r["tail"]].start, "tail_end": spans[r["tail"]].end,
            "label": r["type"], "score": r["score"],
        }
        for r in output["relations"]
    ])
    return doc


class JointNerReComponent:
    """See the module docstring."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        archive: str,
        cuda_device: int = -1,
        batch_size: int = 32,
        max_padded_words: int = 4096,
        overwrite_ents: bool = True,
        line_breaks: str = "soft",
        overrides: str = "",
    ) -> None:
        self.name = name
        self.line_breaks = line_breaks
        self.overwrite_ents = overwrite_ents
        loaded = load_archive(archive, cuda_device=cuda_device, overrides=overrides)
        self.predictor = Predictor.from_archive(
            loaded, "joint_ner_re",
            extra_args={"line_breaks": line_breaks, "batch_size": batch_size, "max_padded_words": max_padded_words},
        )

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Docs in groups of ``batch_size``; the sentences of a group are predicted together, longest first."""
        for group in minibatch(stream, size=batch_size):
            documents = [document_from_doc(doc, f"doc {number}", self.line_breaks) for number, doc in enumerate(group)]
            for document, output in self.predictor.predict_documents(documents, pool_sentences=0):
                yield annotate_doc(document.doc, document.word_tokens, output, self.overwrite_ents)

