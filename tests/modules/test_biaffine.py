import pytest
import torch

from joint_ner_re.modules import BiaffineScorer


def test_matches_the_formula_pair_by_pair():
    torch.manual_seed(0)
    scorer = BiaffineScorer(3, 2, 4)
    heads, tails = torch.randn(2, 5, 3), torch.randn(2, 5, 2)
    scores = scorer(heads, tails)
    assert scores.shape == (2, 5, 5, 4)
    W = torch.cat([scorer.head_linear.weight, scorer.tail_linear.weight], dim=1)
    for b in range(2):
        for j in range(5):
            for k in range(5):
                bilinear = torch.stack([heads[b, j] @ scorer.bilinear[:, c] @ tails[b, k] for c in range(4)])
                expected = bilinear + W @ torch.cat([heads[b, j], tails[b, k]]) + scorer.head_linear.bias
                assert torch.allclose(scores[b, j, k], expected, atol=1e-5)


def test_without_bilinear_term_is_the_linear_part_only():
    torch.manual_seed(0)
    scorer = BiaffineScorer(3, 2, 2, bilinear=False)
    assert scorer.bilinear is None
    heads, tails = torch.randn(1, 2, 3), torch.randn(1, 2, 2)
    W = torch.cat([scorer.head_linear.weight, scorer.tail_linear.weight], dim=1)
    expected = W @ torch.cat([heads[0, 1], tails[0, 0]]) + scorer.head_linear.bias
    assert torch.allclose(scorer(heads, tails)[0, 1, 0], expected, atol=1e-6)


def test_a_pair_context_adds_a_linear_term():
    torch.manual_seed(0)
    scorer = BiaffineScorer(3, 3, 2, context_dim=4)
    heads, tails, context = torch.randn(1, 2, 3), torch.randn(1, 2, 3), torch.randn(1, 2, 2, 4)
    plain = BiaffineScorer(3, 3, 2)
    plain.load_state_dict({k: v for k, v in scorer.state_dict().items() if not k.startswith("context")})
    expected = plain(heads, tails) + context @ scorer.context_linear.weight.t()
    assert torch.allclose(scorer(heads, tails, context), expected, atol=1e-6)


def test_the_bilinear_term_stays_in_float32_under_autocast():
    torch.manual_seed(0)
    scorer = BiaffineScorer(3, 3, 2)
    heads, tails = torch.randn(1, 2, 3) * 1e3, torch.randn(1, 2, 3) * 1e3
    with torch.autocast("cpu", dtype=torch.bfloat16):
        scores = scorer(heads, tails)
    assert scores.dtype == torch.float32
    assert torch.allclose(scores, scorer(heads, tails), rtol=1e-2)


@pytest.mark.parametrize("labels", [4, 3])  # 3 == head_dim: both layouts have one shape, the saved version decides
def test_weights_saved_label_first_load_into_the_same_scores(labels):
    """Archives written before U was stored (head_dim, labels, tail_dim) keep their scores."""
    torch.manual_seed(0)
    scorer = BiaffineScorer(3, 2, labels)
    heads, tails = torch.randn(2, 5, 3), torch.randn(2, 5, 2)
    old = scorer.state_dict()
    old["bilinear"] = old["bilinear"].transpose(0, 1).contiguous()  # (labels, head_dim, tail_dim)
    old._metadata[""]["version"] = 1
    loaded = BiaffineScorer(3, 2, labels)
    loaded.load_state_dict(old)
    assert torch.equal(loaded.bilinear, scorer.bilinear)
    assert torch.equal(loaded(heads, tails), scorer(heads, tails))
    again = BiaffineScorer(3, 2, labels)
    again.load_state_dict(scorer.state_dict())  # the current layout is loaded as it is
    assert torch.equal(again.bilinear, scorer.bilinear)
