import pytest
import torch

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


def test_max_and_mean_equal_a_word_by_word_computation_on_random_ranges():
    torch.manual_seed(0)
    sequence = torch.randn(2, 37, 3)
    start = torch.randint(0, 37, (2, 6, 6))
    end = start + torch.randint(-2, 37, (2, 6, 6))  # some empty, some past the end (clamped)
    for mode, reduce in (("max", lambda x: x.max(dim=0).values), ("mean", lambda x: x.mean(dim=0))):
        pooled = pool_ranges(sequence, start, end, mode)
        assert pooled.shape == (2, 6, 6, 3)
        for b in range(2):
            for i in range(6):
                for j in range(6):
                    s, e = int(start[b, i, j]), min(int(end[b, i, j]), 37)
                    expected = reduce(sequence[b, s:e]) if e > s else torch.zeros(3)
                    assert torch.allclose(pooled[b, i, j], expected, atol=1e-5), (mode, b, i, j)


def test_max_pooling_passes_gradients_to_the_maximal_words():
    sequence = torch.tensor([[[1.0], [4.0], [2.0], [3.0]]], requires_grad=True)
    pool_ranges(sequence, torch.tensor([[0, 2]]), torch.tensor([[4, 4]]), "max").sum().backward()
    assert sequence.grad[0, :, 0].tolist() == [0.0, 1.0, 0.0, 1.0]


def test_an_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="pooling mode"):
        pool_ranges(SEQUENCE, torch.tensor([[0]]), torch.tensor([[1]]), "sum")
