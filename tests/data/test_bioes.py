import pytest

from joint_ner_re.data import bioes
from joint_ner_re.data.sentence import Entity


def test_encode_spans_of_every_length():
    tags, dropped = bioes.encode(6, [Entity(0, 3, "Peop"), Entity(4, 5, "Loc")])
    assert tags == ["B-Peop", "I-Peop", "E-Peop", "O", "S-Loc", "O"]
    assert dropped == []


def test_overlap_policy_keep_longest_keeps_the_outer_span():
    entities = [Entity(1, 2, "Drug"), Entity(0, 4, "AE"), Entity(3, 4, "AE")]
    tags, dropped = bioes.encode(5, entities, "keep_longest")
    assert tags == ["B-AE", "I-AE", "I-AE", "E-AE", "O"]
    assert dropped == [0, 2]


def test_overlap_policy_keep_first_follows_input_order():
    entities = [Entity(1, 2, "Drug"), Entity(0, 4, "AE"), Entity(3, 4, "AE")]
    tags, dropped = bioes.encode(5, entities, "keep_first")
    assert tags == ["O", "S-Drug", "O", "S-AE", "O"]
    assert dropped == [1]


def test_unknown_policy_is_an_error():
    with pytest.raises(ValueError, match="overlap_policy"):
        bioes.encode(3, [], "keep_all")


@pytest.mark.parametrize(
    "tags",
    [
        "B-A I-A E-A O S-B".split(),
        "S-A S-A B-B E-B".split(),
        "O O O".split(),
        "B-A E-A B-A I-A I-A E-A".split(),
    ],
)
def test_valid_sequences_round_trip(tags):
    entities = bioes.decode(tags)
    assert bioes.encode(len(tags), entities)[0] == tags


@pytest.mark.parametrize(
    "tags, expected",
    [
        # dangling B-/I- run: closed where it stops
        ("B-A I-A O", [(0, 2, "A")]),
        # stray I-/E- opens an entity
        ("O I-A E-A", [(1, 3, "A")]),
        ("E-A", [(0, 1, "A")]),
        # type change splits
        ("B-A I-B E-A", [(0, 1, "A"), (1, 2, "B"), (2, 3, "A")]),
        # nothing continues an E- or S-
        ("S-A I-A E-A", [(0, 1, "A"), (1, 3, "A")]),
        ("B-A E-A E-A", [(0, 2, "A"), (2, 3, "A")]),
        ("B-A B-A", [(0, 1, "A"), (1, 2, "A")]),
    ],
)
def test_invalid_sequences_follow_the_stated_rule(tags, expected):
    assert [(e.start, e.end, e.type) for e in bioes.decode(tags.split())] == expected


def test_batched_decoding_respects_the_mask():
    import torch

    scheme = bioes.TagScheme(["O", "B-A", "I-A", "E-A", "S-A"])
    ids = torch.tensor([[1, 2, 3, 0], [1, 2, 2, 2]])
    mask = torch.tensor([[True, True, True, True], [True, True, False, False]])
    spans = scheme.decode(ids, mask)
    assert scheme.entities(spans, 0) == [Entity(0, 3, "A")]
    assert scheme.entities(spans, 1) == [Entity(0, 2, "A")]  # the dangling run is closed at the last real word


@pytest.mark.parametrize("tag", ["X-Peop", "B-", "B", "b-Peop", ""])
def test_split_tag_rejects_non_bioes(tag):
    with pytest.raises(ValueError, match="not a BIOES tag"):
        bioes.split_tag(tag)
