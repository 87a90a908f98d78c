"""Raw input in, entities and relations out: ``allennlp predict model.tar.gz in.jsonl --predictor joint_ner_re``."""
from typing import List, Optional

from allennlp.common.util import JsonDict
from allennlp.data import DatasetReader, Instance
from allennlp.data.tokenizers import SpacyTokenizer, Tokenizer
from allennlp.models import Model
from allennlp.predictors import Predictor

from joint_ner_re.data.sentence import Sentence


@Predictor.register("joint_ner_re")
class JointNerRePredictor(Predictor):
    """Each input line is ``{"tokens": [...]}`` (pre-tokenised words) or ``{"text": "..."}`` (tokenised here with
    spaCy's rule-based English tokenizer, no model download). Other input keys are copied to the output.

    Output: ``words``, ``tags``, ``entities`` ({start, end (exclusive), type, text}) and ``relations``
    ({head, tail (indices into entities), type, score, head_text, tail_text}); for ``text`` input each entity also
    has ``char_start``/``char_end`` into the text. Long inputs are never truncated: the archive's indexer splits
    word-piece sequences longer than the encoder's window into segments.
    """

    def __init__(self, model: Model, dataset_reader: DatasetReader, tokenizer: Optional[Tokenizer] = None) -> None:
        super().__init__(model, dataset_reader)
        self._tokenizer = tokenizer or SpacyTokenizer(language="blank:en")

    def _json_to_instance(self, json_dict: JsonDict) -> Instance:
        if isinstance(json_dict.get("tokens"), list):
            sentence = Sentence(json_dict["tokens"], source="input")
        elif isinstance(json_dict.get("text"), str):
            tokens = self._tokenizer.tokenize(json_dict["text"])
            sentence = Sentence(
                [t.text for t in tokens], source="input", char_offsets=[(t.idx, t.idx_end) for t in tokens]
            )
        else:
            raise ValueError(
                f'expected an object with "tokens" (a list of words) or "text" (a string), got {json_dict!r:.200}'
            )
        return self._dataset_reader.text_to_instance(sentence, annotated=False)

    def predict_json(self, inputs: JsonDict) -> JsonDict:
        return self.predict_batch_json([inputs])[0]

    def predict_batch_json(self, inputs: List[JsonDict]) -> List[JsonDict]:
        """Input keys other than ``tokens`` (an ``id``, the ``text``) are copied into the output."""
        outputs = super().predict_batch_json(inputs)
        return [
            {**{key: value for key, value in given.items() if key != "tokens"}, **output}
            for given, output in zip(inputs, outputs)
        ]
