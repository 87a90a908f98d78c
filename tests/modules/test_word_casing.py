import pytest
import torch

from joint_ner_re.modules.word_casing import CASING_CLASSES, CasingEmbedding, casing_class


@pytest.mark.parametrize(
    "word, expected",
    [
        ("1990", "numeric"),
        ("bank", "lower"),
        ("3rd", "lower"),  # its one cased letter is lower-case
        ("IBM", "upper"),
        ("U.S.", "upper"),
        ("Bank", "initial_upper"),
        ("McDonald", "initial_upper"),
        ("1,000", "mainly_numeric"),
        ("12-3", "mainly_numeric"),
        ("a1-b", "lower"),
        ("C60", "upper"),
        ("x-1", "lower"),
        ("1-", "has_digit"),
        ("--1", "has_digit"),
        (",", "other"),
        ("iPhone", "other"),
    ],
)
def test_casing_classes(word, expected):
    assert CASING_CLASSES[casing_class(word)] == expected


def test_embedding_pads_with_zeros_and_tells_cases_apart():
    embedding = CasingEmbedding(4)
    vectors = embedding([["Bank", "bank"], ["IBM"]], length=3)
    assert vectors.shape == (2, 3, 4)
    assert not torch.equal(vectors[0, 0], vectors[0, 1])
    assert torch.equal(vectors[1, 1:], torch.zeros(2, 4))
