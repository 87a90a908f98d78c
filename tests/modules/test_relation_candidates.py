import torch

from joint_ner_re.data.bioes import TagScheme
from joint_ner_re.modules import entity_ends, pair_targets

TAGS = ["O", "B-A", "E-A", "S-A", "S-B"]
SCHEME = TagScheme(TAGS)


def ids(*rows):
    return torch.tensor([[TAGS.index(t) for t in row.split()] for row in rows])


def test_entity_ends_are_left_aligned_in_word_order():
    tags = ids("B-A E-A O S-B", "O O O O", "S-A S-B S-A O")
    spans = SCHEME.decode(tags, torch.ones_like(tags, dtype=torch.bool))
    candidates = entity_ends(spans)
    assert candidates.mask.tolist() == [[True, True, False], [False, False, False], [True, True, True]]
    assert candidates.positions[0, :2].tolist() == [1, 3]
    assert candidates.positions[2].tolist() == [0, 1, 2]
    pairs = candidates.pair_mask()
    assert pairs[0].tolist() == [[False, True, False], [True, False, False], [False, False, False]]
    assert not pairs[1].any()


def test_targets_need_both_predicted_entities_exactly_right():
    gold = ids("B-A E-A O S-B S-A")
    # predicted: first entity has the wrong start (S-A at word 1), the others are right
    predicted = ids("O S-A O S-B S-A")
    mask = torch.ones_like(gold, dtype=torch.bool)
    gold_relations = torch.full((1, 5, 5), -1)
    gold_relations[0, 1, 3] = 0  # A(0-1) -> B(3), label id 0
    gold_relations[0, 4, 3] = 1  # A(4) -> B(3), label id 1
    predicted_spans = SCHEME.decode(predicted, mask)
    candidates = entity_ends(predicted_spans)
    assert candidates.positions[0].tolist() == [1, 3, 4]
    targets = pair_targets(candidates, predicted_spans, SCHEME.decode(gold, mask), gold_relations)
    # (1 -> 3) is a gold relation but the head's span is wrong: NEG; (4 -> 3) is right: label id 1 + 1
    assert targets[0].tolist() == [[0, 0, 0], [0, 0, 0], [0, 2, 0]]
