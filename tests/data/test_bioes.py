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


def test_overlap_policy_relation_arguments_first_keeps_a_nested_argument():
    # a drug nested in an effect, and a second nested pair where neither is an argument
    entities = [Entity(0, 4, "AE"), Entity(1, 2, "Drug"), Entity(5, 8, "AE"), Entity(6, 7, "Drug")]
    tags, dropped = bioes.encode(9, entities, "relation_arguments_first", relation_arguments={1})
    assert tags == ["O", "S-Drug", "O", "O", "O", "B-AE", "I-AE", "E-AE", "O"]
    assert dropped == [0, 3]
    assert bioes.encode(9, entities, "relation_arguments_first") == bioes.encode(9, entities, "keep_longest")


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
    assert scheme.entities(spans)[0] == [Entity(0, 3, "A")]
    assert scheme.entities(spans)[1] == [Entity(0, 2, "A")]  # the dangling run is closed at the last real word


@pytest.mark.parametrize("tag", ["X-Peop", "B-", "B", "b-Peop", ""])
def test_split_tag_rejects_non_bioes(tag):
    with pytest.raises(ValueError, match="not a BIOES tag"):
        bioes.split_tag(tag)


def test_constrained_decoding_finds_the_best_valid_sequence():
    import torch

    tags = ["O", "B-A", "I-A", "E-A", "S-A", "B-B", "E-B"]
    scheme = bioes.TagScheme(tags)
    allowed, may_start, may_end = scheme.transitions()
    assert allowed[tags.index("B-A"), tags.index("E-A")] and not allowed[tags.index("B-A"), tags.index("E-B")]
    assert not allowed[tags.index("O"), tags.index("I-A")] and allowed[tags.index("E-A"), tags.index("S-A")]
    assert may_start[tags.index("B-A")] and not may_start[tags.index("E-A")]
    assert may_end[tags.index("E-A")] and not may_end[tags.index("B-A")]

    def log_probs(*rows):  # each row: {tag: probability}, the rest share what is left
        out = torch.full((1, len(rows), len(tags)), 1e-6)
        for i, row in enumerate(rows):
            for tag, p in row.items():
                out[0, i, tags.index(tag)] = p
        return out.log()

    # argmax would give "O I-A E-A" (invalid); the best valid path starts the entity one word earlier
    scores = log_probs({"O": 0.5, "B-A": 0.45}, {"I-A": 0.6, "O": 0.3}, {"E-A": 0.9})
    best = scheme.viterbi(scores, torch.ones(1, 3, dtype=torch.bool))
    assert [tags[i] for i in best[0].tolist()] == ["B-A", "I-A", "E-A"]
    # padding: the decoded prefix ends validly at the last real word
    padded = scheme.viterbi(log_probs({"B-A": 0.6, "S-A": 0.4}, {"I-A": 0.9}, {"O": 0.9}),
                            torch.tensor([[True, False, False]]))
    assert tags[padded[0, 0]] == "S-A"


def test_constrained_decoding_agrees_with_brute_force():
    import itertools

    import torch

    tags = ["O", "B-A", "I-A", "E-A", "S-A", "S-B"]
    scheme = bioes.TagScheme(tags)
    torch.manual_seed(0)
    scores = torch.randn(5, 4, len(tags)).log_softmax(-1)
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 0], [1, 1, 1, 1]], dtype=torch.bool)
    decoded = scheme.viterbi(scores, mask)
    for row in range(5):
        n = int(mask[row].sum())
        valid = [seq for seq in itertools.product(range(len(tags)), repeat=n)
                 if bioes.encode(n, bioes.decode([tags[i] for i in seq]))[0] == [tags[i] for i in seq]]
        best = max(valid, key=lambda seq: sum(scores[row, i, t].item() for i, t in enumerate(seq)))
        assert decoded[row, :n].tolist() == list(best)
