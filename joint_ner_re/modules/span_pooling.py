"""Pool a word sequence over many [start, end) ranges at once: entity spans, the words between two entities.

One helper serves every representation that reads a range of words, so the masking and the empty-range rule
(an empty range pools to zeros) are written once. Max pooling materialises (ranges × words × dim) values, so it
works through the ranges in chunks that keep that product under ``_MAX_POOL_ELEMENTS``: memory stays bounded
however long the sentence and however many entities it holds. Mean pooling reads prefix sums and needs no chunks.
"""
import torch

POOLING_MODES = ("max", "mean")
_MAX_POOL_ELEMENTS = 2**24  # 64 MiB of float32 per chunk


def pool_ranges(sequence: torch.Tensor, start: torch.LongTensor, end: torch.LongTensor, mode: str) -> torch.Tensor:
    """Pool ``sequence`` (batch, words, dim) over the ranges ``[start, end)``, each (batch, *shape).

    # Returns

    (batch, *shape, dim): the max or mean of the words in each range; zeros where a range is empty
    (``end <= start``).
    """
    batch, words, dim = sequence.shape
    shape = start.shape[1:]
    start, end = start.reshape(batch, -1), end.reshape(batch, -1)
    if mode == "mean":
        pooled = _mean(sequence, start, end)
    elif mode == "max":
        pooled = _max(sequence, start, end)
    else:
        raise ValueError(f"pooling mode: expected one of {POOLING_MODES}, got {mode!r}")
    return pooled.reshape(batch, *shape, dim)


def _mean(sequence: torch.Tensor, start: torch.LongTensor, end: torch.LongTensor) -> torch.Tensor:
    words = sequence.size(1)
    prefix = torch.nn.functional.pad(sequence.cumsum(dim=1), (0, 0, 1, 0))  # prefix[:, i] = sum of words < i
    start, end = start.clamp(0, words), end.clamp(0, words)
    end = torch.maximum(start, end)
    total = _at(prefix, end) - _at(prefix, start)
    return total / (end - start).clamp(min=1).unsqueeze(2).to(sequence.dtype)


def _at(sequence: torch.Tensor, positions: torch.LongTensor) -> torch.Tensor:
    """(batch, words, dim) read at (batch, n) positions -> (batch, n, dim)."""
    return sequence.gather(1, positions.unsqueeze(2).expand(-1, -1, sequence.size(2)))


def _max(sequence: torch.Tensor, start: torch.LongTensor, end: torch.LongTensor) -> torch.Tensor:
    batch, words, dim = sequence.shape
    positions = torch.arange(words, device=sequence.device)
    chunk = max(1, _MAX_POOL_ELEMENTS // max(1, batch * words * dim))
    lowest = torch.finfo(sequence.dtype).min
    pieces = []
    for first in range(0, start.size(1), chunk):
        s, e = start[:, first : first + chunk], end[:, first : first + chunk]
        inside = (positions >= s.unsqueeze(2)) & (positions < e.unsqueeze(2))  # (batch, ranges, words)
        values = sequence.unsqueeze(1).masked_fill(~inside.unsqueeze(3), lowest).max(dim=2).values
        pieces.append(torch.where(inside.any(dim=2, keepdim=True), values, torch.zeros_like(values)))
    if not pieces:
        return sequence.new_zeros(batch, 0, dim)
    return torch.cat(pieces, dim=1)
