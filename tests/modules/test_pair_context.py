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
