"""Pool a word sequence over many [start, end) ranges at once: entity spans, the words between two entities.

One helper serves every representation that reads a range of words, so the empty-range rule (an empty range pools
to zeros) is written once. Both modes cost O(words × dim) to prepare and O(dim) per range, whatever the ranges'
lengths: mean pooling reads prefix sums; max pooling reads a sparse table (the max of every run of 2^k words,
for each k up to the longest range), the max of a range being that of the two runs of 2^k words that cover it
from its two ends (max is idempotent, so their overlap does not matter). So a sentence of many entities (n² pairs
for the words between them) costs memory and time in proportion to the pairs, not to pairs × words.
"""
import torch

POOLING_MODES = ("max", "mean")


def pool_ranges(sequence: torch.Tensor, start: torch.LongTensor, end: torch.LongTensor, mode: str) -> torch.Tensor:
    """Pool ``sequence`` (batch, words, dim) over the ranges ``[start, end)``, each (batch, *shape).

    # Returns

    (batch, *shape, dim): the max or mean of the words in each range; zeros where a range is empty
    (``end <= start``).
    """
    batch, words, dim = sequence.shape
    shape = start.shape[1:]
    start, end = start.reshape(batch, -1).clamp(0, words), end.reshape(batch, -1).clamp(0, words)
    end = torch.maximum(start, end)
    if mode == "mean":
        pooled = _mean(sequence, start, end)
    elif mode == "max":
        pooled = _max(sequence, start, end)
    else:
        raise ValueError(f"pooling mode: expected one of {POOLING_MODES}, got {mode!r}")
    return pooled.reshape(batch, *shape, dim)


def _mean(sequence: torch.Tensor, start: torch.LongTensor, end: torch.LongTensor) -> torch.Tensor:
    prefix = torch.nn.functional.pad(sequence.cumsum(dim=1), (0, 0, 1, 0))  # prefix[:, i] = sum of words < i
    total = _at(prefix, end) - _at(prefix, start)
    return total / (end - start).clamp(min=1).unsqueeze(2).to(sequence.dtype)


def _max(sequence: torch.Tensor, start: torch.LongTensor, end: torch.LongTensor) -> torch.Tensor:
    length = end - start
    longest = int(length.max()) if length.numel() else 0
    if longest == 0:
        return sequence.new_zeros(*start.shape, sequence.size(2))
    # levels[k][:, i] = max of words i .. i + 2^k - 1 (positions past the end hold the level below: never read)
    levels = [sequence]
    while 2 ** len(levels) <= longest:
        below, half = levels[-1], 2 ** (len(levels) - 1)
        levels.append(torch.cat([torch.maximum(below[:, :-half], below[:, half:]), below[:, -half:]], dim=1))
    table = torch.stack(levels)  # (levels, batch, words, dim)
    level = torch.floor(torch.log2(length.clamp(min=1).double())).long()
    rows = torch.arange(start.size(0), device=start.device).unsqueeze(1).expand_as(start)
    last = sequence.size(1) - 1  # an empty range may start past the last word; its value is replaced by zeros
    from_start = table[level, rows, start.clamp(max=last)]
    from_end = table[level, rows, (end - 2**level).clamp(0, last)]
    pooled = torch.maximum(from_start, from_end)
    return torch.where((length > 0).unsqueeze(2), pooled, torch.zeros_like(pooled))


def _at(sequence: torch.Tensor, positions: torch.LongTensor) -> torch.Tensor:
    """(batch, words, dim) read at (batch, n) positions -> (batch, n, dim)."""
    return sequence.gather(1, positions.unsqueeze(2).expand(-1, -1, sequence.size(2)))
