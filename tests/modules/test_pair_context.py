import torch

from joint_ner_re.modules import BetweenContext, Candidates

SEQUENCE = torch.tensor([[[1.0], [5.0], [2.0], [7.0], [3.0], [0.0]]])


def test_between_pools_the_words_strictly_between_the_two_entities_in_either_order():
    # entities: words 0-1, word 3, words 3-4 (overlapping the second), word 5
    candidates = Candidates(
        start=torch.tensor([[0, 3, 3, 5]]), last=torch.tensor([[1, 3, 4, 5]]), type_id=torch.zeros(1, 4).long(),
        mask=torch.ones(1, 4).bool(), predicted=torch.ones(1, 4).bool(),
    )
    context = BetweenContext(input_dim=1, pooling="max")(SEQUENCE, candidates)[0, :, :, 0]
    assert context[0, 1] == context[1, 0] == 2.0  # word 2
    assert context[0, 3] == 7.0  # words 2-4
    assert context[1, 3] == 3.0  # word 4
    assert context[1, 2] == 0.0 and context[2, 3] == 0.0  # overlapping, touching: nothing between
    mean = BetweenContext(input_dim=1, pooling="mean")(SEQUENCE, candidates)[0, :, :, 0]
    assert mean[0, 3] == 4.0


def test_ordered_between_puts_the_same_words_in_the_half_of_the_pairs_order():
    # entities: word 0, word 2, words 2-3 (starting where the second starts)
    candidates = Candidates(
        start=torch.tensor([[0, 2, 2]]), last=torch.tensor([[0, 2, 3]]), type_id=torch.zeros(1, 3).long(),
        mask=torch.ones(1, 3).bool(), predicted=torch.ones(1, 3).bool(),
    )
    ordered = BetweenContext(input_dim=1, pooling="max", ordered=True)
    assert ordered.get_output_dim() == 2
    context = ordered(SEQUENCE, candidates)[0]
    assert context[0, 1].tolist() == [5.0, 0.0]  # head (word 0) before tail (word 2): word 1 in the first half
    assert context[1, 0].tolist() == [0.0, 5.0]  # the reverse pair: the same word in the second half
    assert context[0, 2].tolist() == [5.0, 0.0] and context[2, 0].tolist() == [0.0, 5.0]
    assert context[1, 2].tolist() == [0.0, 0.0] and context[2, 1].tolist() == [0.0, 0.0]  # same start: nothing
    plain = BetweenContext(input_dim=1, pooling="max")(SEQUENCE, candidates)[0, :, :, 0]
    assert torch.equal(context.sum(dim=2), plain)  # one half holds the direction-free vector, the other zeros
