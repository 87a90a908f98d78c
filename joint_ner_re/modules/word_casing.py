"""The casing of each word as a learned vector: what an uncased encoder (all-MiniLM-L6-v2, SciBERT-uncased) never
sees, and what tells "Bank" the organisation from "bank" the word."""
from typing import List, Sequence

import torch

# index 0 is padding; the classes of Reimers & Gurevych (2017), tried in this order (theirs tries the share of digits
# before the case, so "3rd" or "C60" is mainly_numeric / has_digit there and lower / upper here)
CASING_CLASSES = ("padding", "numeric", "lower", "upper", "initial_upper", "mainly_numeric", "has_digit", "other")


def casing_class(word: str) -> int:
    """The index in ``CASING_CLASSES`` of a word: all digits, all lower-case, all upper-case, a capital first
    letter, more than half digits, some digit, anything else (punctuation, "iPhone")."""
    digits = sum(character.isdigit() for character in word)
    if word.isdigit():
        return CASING_CLASSES.index("numeric")
    if word.islower():
        return CASING_CLASSES.index("lower")
    if word.isupper():
        return CASING_CLASSES.index("upper")
    if word[:1].isupper():
        return CASING_CLASSES.index("initial_upper")
    if digits > len(word) / 2:
        return CASING_CLASSES.index("mainly_numeric")
    if digits:
        return CASING_CLASSES.index("has_digit")
    return CASING_CLASSES.index("other")


class CasingEmbedding(torch.nn.Module):
    """(batch of word lists, padded length) -> (batch, length, embedding_dim), zeros at padding."""

    def __init__(self, embedding_dim: int) -> None:
        super().__init__()
        self.embedding = torch.nn.Embedding(len(CASING_CLASSES), embedding_dim, padding_idx=0)

    def forward(self, sentences: Sequence[Sequence[str]], length: int) -> torch.Tensor:
        classes: List[List[int]] = [[casing_class(word) for word in words] for words in sentences]
        padded = [row + [0] * (length - len(row)) for row in classes]
        return self.embedding(torch.tensor(padded, dtype=torch.long, device=self.embedding.weight.device))
