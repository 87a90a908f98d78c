"""Documents in, entities and relations out: ``allennlp predict model.tar.gz in.jsonl --predictor joint_ner_re``,
``allennlp extract`` and the spaCy component all predict through ``JointNerRePredictor.predict_documents``."""
from typing import Callable, Iterable, Iterator, List, Optional, Tuple

from allennlp.common.util import JsonDict
from allennlp.data import DatasetReader, Instance
from allennlp.models import Model
from allennlp.predictors import Predictor

from joint_ner_re.common.options import expect
from joint_ner_re.documents import RULE_BASED, Document, SentenceSplitter, document_from_json, document_output

# Sentences gathered before sorting by length: enough for batches of like lengths, few enough that the first
# documents come out soon (and memory stays flat however long the stream).
SORT_WINDOW = 512


@Predictor.register("joint_ner_re")
class JointNerRePredictor(Predictor):
    """Each input is a document: ``{"text": "..."}`` of any length (cut into sentences and words, see
    ``joint_ner_re.documents``), ``{"tokens": [...]}`` (one sentence of words) or ``{"sentences": [[...], ...]}``.
    Other input keys (an ``id``, the ``text``) are copied to the output; the output record is described in
    ``joint_ner_re.documents``.

    The sentences of all documents given at once are predicted together, longest first, in batches of at most
    ``batch_size`` sentences and ``max_padded_words`` padded words (a batch's size times its longest sentence; a
    longer sentence goes alone). Nothing is truncated: the archive's indexer splits word-piece sequences longer
    than the encoder's window into segments. ``sentence_splitter`` and ``line_breaks`` are ``SentenceSplitter``'s
    (``allennlp predict --predictor-args '{"line_breaks": "hard"}'``).
    """

    def __init__(
        self,
        model: Model,
        dataset_reader: DatasetReader,
        sentence_splitter: str = RULE_BASED,
        line_breaks: str = "soft",
        batch_size: int = 32,
        max_padded_words: int = 4096,
    ) -> None:
        super().__init__(model, dataset_reader)
        expect("batch_size", batch_size >= 1, "at least 1", batch_size)
        expect("max_padded_words", max_padded_words >= 1, "at least 1", max_padded_words)
        self.splitter = SentenceSplitter(sentence_splitter, line_breaks)
        self.batch_size = batch_size
        self.max_padded_words = max_padded_words

    def _json_to_instance(self, json_dict: JsonDict) -> Instance:
        """The instance of a one-sentence input (for AllenNLP tools that take one instance per input)."""
        document = document_from_json(json_dict, "input", self.splitter)
        if len(document.sentences) != 1:
            raise ValueError(f"expected an input of one sentence here, got {len(document.sentences)}; use predict_json")
        return self._dataset_reader.text_to_instance(document.sentences[0], annotated=False)

    def predict_json(self, inputs: JsonDict) -> JsonDict:
        return self.predict_batch_json([inputs])[0]

    def predict_batch_json(self, inputs: List[JsonDict]) -> List[JsonDict]:
        documents = [
            document_from_json(given, str(given.get("id", f"input {number}")), self.splitter)
            for number, given in enumerate(inputs, start=1)
        ]
        return [output for _, output in self.predict_documents(documents, pool_sentences=0)]

    def predict_documents(
        self,
        documents: Iterable[Document],
        pool_sentences: int = SORT_WINDOW,
        progress: Optional[Callable[[int], None]] = None,
    ) -> Iterator[Tuple[Document, JsonDict]]:
        """Each document with its output record, in input order, streaming: documents are gathered until they
        hold ``pool_sentences`` sentences (0: all of them), whose sentences are then sorted by length and
        predicted in batches. ``progress`` is called with the number of sentences of each batch done."""
        pool: List[Document] = []
        held = 0
        for document in documents:
            pool.append(document)
            held += len(document.sentences)
            if pool_sentences and held >= pool_sentences:
                yield from self._predict_pool(pool, progress)
                pool, held = [], 0
        if pool:
            yield from self._predict_pool(pool, progress)

    def _predict_pool(
        self, pool: List[Document], progress: Optional[Callable[[int], None]]
    ) -> Iterator[Tuple[Document, JsonDict]]:
        places = [(d, s) for d, document in enumerate(pool) for s in range(len(document.sentences))]
        places.sort(key=lambda place: -len(pool[place[0]].sentences[place[1]].words))
        predictions: List[List[JsonDict]] = [[{}] * len(document.sentences) for document in pool]
        for batch in self._batches(places, [len(pool[d].sentences[s].words) for d, s in places]):
            instances = [
                self._dataset_reader.text_to_instance(pool[d].sentences[s], annotated=False) for d, s in batch
            ]
            for (d, s), output in zip(batch, self.predict_batch_instance(instances)):
                predictions[d][s] = output
            if progress is not None:
                progress(len(batch))
        for document, predicted in zip(pool, predictions):
            yield document, document_output(document, predicted)

    def _batches(self, places: List[Tuple[int, int]], lengths: List[int]) -> Iterator[List[Tuple[int, int]]]:
        """Consecutive runs of ``places`` (sorted longest first) that fit ``batch_size`` and ``max_padded_words``."""
        start = 0
        while start < len(places):
            longest = max(lengths[start], 1)
            size = max(1, min(self.batch_size, self.max_padded_words // longest))
            yield places[start:start + size]
            start += size
