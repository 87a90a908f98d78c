import pytest
import torch

from joint_ner_re.modules import span_pooling
from joint_ner_re.modules.span_pooling import pool_ranges

SEQUENCE = torch.tensor([[[1.0, -1.0], [3.0, 0.0], [2.0, 5.0], [-4.0, 2.0]]])  # (1 sentence, 4 words, dim 2)


@pytest.mark.parametrize(
    "mode, expected",
    [
        ("max", [[3.0, 0.0], [3.0, 5.0], [0.0, 0.0], [-4.0, 2.0]]),
        ("mean", [[2.0, -0.5], [2.0, 4 / 3], [0.0, 0.0], [-4.0, 2.0]]),
    ],
)
def test_ranges_pool_by_hand(mode, expected):
    start = torch.tensor([[0, 0, 2, 3]])
    end = torch.tensor([[2, 3, 2, 4]])  # the third range is empty: zeros
    assert torch.allclose(pool_ranges(SEQUENCE, start, end, mode), torch.tensor([expected]))


def test_max_pooling_in_small_chunks_gives_the_same(monkeypatch):
    torch.manual_seed(0)
    sequence = torch.randn(2, 9, 3)
    start = torch.randint(0, 9, (2, 4, 4))
    end = start + torch.randint(0, 4, (2, 4, 4))
    whole = pool_ranges(sequence, start, end, "max")
    monkeypatch.setattr(span_pooling, "_MAX_POOL_ELEMENTS", 1)  # one range per chunk
    assert torch.equal(pool_ranges(sequence, start, end, "max"), whole)
    assert whole.shape == (2, 4, 4, 3)


def test_an_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="pooling mode"):
        pool_ranges(SEQUENCE, torch.tensor([[0]]), torch.tensor([[1]]), "sum")
