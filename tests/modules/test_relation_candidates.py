import torch

from joint_ner_re.data.bioes import TagScheme
from joint_ner_re.modules import decoded_entities, pair_targets, with_gold

TAGS = ["O", "B-A", "E-A", "S-A", "S-B"]
SCHEME = TagScheme(TAGS)


def ids(*rows):
    return torch.tensor([[TAGS.index(t) for t in row.split()] for row in rows])


def spans(*rows):
    tags = ids(*rows)
    return SCHEME.decode(tags, torch.ones_like(tags, dtype=torch.bool))


def real(candidates, row):
    """(start, last, type) of the real candidates of one row, with their predicted flag."""
    keep = candidates.mask[row]
    return [
        (s, l, t, p)
        for s, l, t, p in zip(
            candidates.start[row][keep].tolist(), candidates.last[row][keep].tolist(),
            candidates.type_id[row][keep].tolist(), candidates.predicted[row][keep].tolist(),
        )
    ]


def test_decoded_entities_are_left_aligned_in_word_order():
    candidates = decoded_entities(spans("B-A E-A O S-B", "O O O O", "S-A S-B S-A O"))
    assert candidates.mask.tolist() == [[True, True, False], [False, False, False], [True, True, True]]
    assert real(candidates, 0) == [(0, 1, 0, True), (3, 3, 1, True)]
    assert real(candidates, 2) == [(0, 0, 0, True), (1, 1, 1, True), (2, 2, 0, True)]
    pairs = candidates.pair_mask()
    assert pairs[0].tolist() == [[False, True, False], [True, False, False], [False, False, False]]
    assert not pairs[1].any()


def test_with_gold_adds_the_gold_entities_no_prediction_equals_after_the_predicted_ones():
    predicted = decoded_entities(spans("O S-A O S-B S-A", "O O O O O"))
    gold = decoded_entities(spans("B-A E-A O S-A S-A", "S-B O O O O"))
    merged = with_gold(predicted, gold)
    # row 0: predicted A(1), B(3), A(4); gold A(0-1) differs in span, A(3) in type, A(4) equals a prediction
    assert real(merged, 0) == [(1, 1, 0, True), (3, 3, 1, True), (4, 4, 0, True), (0, 1, 0, False), (3, 3, 0, False)]
    assert real(merged, 1) == [(0, 0, 1, False)]
    # inference sees only the predicted ones
    assert merged.pair_mask(predicted_only=True)[0, :3, :3].sum() == 6
    assert not merged.pair_mask(predicted_only=True)[0, 3:].any()
    assert not merged.pair_mask(predicted_only=True)[1].any() and not merged.pair_mask()[1].any()


def test_targets_need_both_entities_exactly_right_unless_types_are_not_matched():
    gold = spans("B-A E-A O S-B S-A")
    gold_relations = torch.full((1, 5, 5), -1)
    gold_relations[0, 1, 3] = 0  # A(0-1) -> B(3), label id 0
    gold_relations[0, 4, 3] = 1  # A(4) -> B(3), label id 1
    # predicted: the first entity has the wrong start, the second the wrong type, the third is right
    candidates = decoded_entities(spans("O S-A O S-A S-A"))
    assert candidates.last[0].tolist() == [1, 3, 4]
    # (1 -> 3): wrong head span, NEG; (4 -> 3): tail of the wrong type, NEG under the paper's rule
    assert pair_targets(candidates, gold, gold_relations).tolist() == [[[0, 0, 0], [0, 0, 0], [0, 0, 0]]]
    # span-only matching: (4 -> 3) gets label id 1 + 1; (1 -> 3) still has a wrong span
    assert pair_targets(candidates, gold, gold_relations, match_types=False).tolist() == [
        [[0, 0, 0], [0, 0, 0], [0, 2, 0]]
    ]


def test_gold_candidates_get_every_gold_relation_as_target():
    gold = spans("B-A E-A O S-B S-A")
    gold_relations = torch.full((1, 5, 5), -1)
    gold_relations[0, 1, 3] = 0
    gold_relations[0, 4, 3] = 1
    merged = with_gold(decoded_entities(spans("O O O O O")), decoded_entities(gold))
    assert pair_targets(merged, gold, gold_relations).tolist() == [[[0, 1, 0], [0, 0, 0], [0, 2, 0]]]


def test_a_symmetric_relation_is_the_target_of_both_directions():
    gold = spans("S-A S-B S-A O O")
    gold_relations = torch.full((1, 5, 5), -1)
    gold_relations[0, 0, 1] = 0  # A(0) -> B(1), a symmetric type
    gold_relations[0, 2, 1] = 1  # A(2) -> B(1), a directed type
    candidates = decoded_entities(gold)
    symmetric = torch.tensor([False, True, False])  # NEG, label 0, label 1
    assert pair_targets(candidates, gold, gold_relations, symmetric=symmetric).tolist() == [
        [[0, 1, 0], [1, 0, 0], [0, 2, 0]]
    ]
    assert pair_targets(candidates, gold, gold_relations).tolist() == [[[0, 1, 0], [0, 0, 0], [0, 2, 0]]]
