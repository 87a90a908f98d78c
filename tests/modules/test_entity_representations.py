import pytest
import torch
from allennlp.common.checks import ConfigurationError

from joint_ner_re.modules import Candidates, LastWordRepresentation, SpanRepresentation

SEQUENCE = torch.arange(12, dtype=torch.float).reshape(1, 6, 2)  # word i = (2i, 2i + 1)
CANDIDATES = Candidates(
    start=torch.tensor([[0, 3]]), last=torch.tensor([[2, 3]]), type_id=torch.tensor([[0, 1]]),
    mask=torch.tensor([[True, True]]), predicted=torch.tensor([[True, True]]),
)


def test_last_word_is_the_paper_representation():
    representation = LastWordRepresentation(input_dim=2)
    assert representation.get_output_dim() == 2
    assert representation(SEQUENCE, CANDIDATES).tolist() == [[[4.0, 5.0], [6.0, 7.0]]]


def test_span_concatenates_pooled_words_endpoints_and_width():
    representation = SpanRepresentation(input_dim=2, pooling="mean", endpoints="first_last", width_embedding_dim=3)
    assert representation.get_output_dim() == 3 * 2 + 3
    out = representation(SEQUENCE, CANDIDATES)
    assert out.shape == (1, 2, 9)
    # entity 0 covers words 0-2: mean (2, 3), first (0, 1), last (4, 5), then the width-3 embedding (index 2)
    assert out[0, 0, :6].tolist() == [2.0, 3.0, 0.0, 1.0, 4.0, 5.0]
    assert torch.equal(out[0, 0, 6:], representation.width_embedding.weight[2])
    assert torch.equal(out[0, 1, 6:], representation.width_embedding.weight[0])


def test_span_with_the_paper_options_equals_last_word():
    representation = SpanRepresentation(input_dim=2, pooling=None, endpoints="last")
    assert torch.equal(representation(SEQUENCE, CANDIDATES), LastWordRepresentation(2)(SEQUENCE, CANDIDATES))


def test_widths_above_the_maximum_share_one_embedding():
    representation = SpanRepresentation(input_dim=2, pooling=None, endpoints="none", width_embedding_dim=2, max_width=2)
    out = representation(SEQUENCE, CANDIDATES)
    assert torch.equal(out[0, 0], representation.width_embedding.weight[1])


@pytest.mark.parametrize(
    "options", [{"pooling": "sum"}, {"endpoints": "middle"}, {"pooling": None, "endpoints": "none"}]
)
def test_bad_options_are_configuration_errors(options):
    with pytest.raises(ConfigurationError):
        SpanRepresentation(input_dim=2, **options)
