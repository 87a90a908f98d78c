"""Deterministic k-fold assignment of whole groups (documents), balanced by size, for cross-validation."""
import random
from typing import Dict, Hashable, Mapping, TypeVar

Key = TypeVar("Key", bound=Hashable)


def assign_folds(sizes: Mapping[Key, int], folds: int, seed: int) -> Dict[Key, int]:
    """Map each group to a fold in ``range(folds)``; a group never straddles two folds.

    The groups are sorted, shuffled with ``seed``, then each goes to the fold that holds the fewest items so far
    (the lowest fold on a tie), so folds differ in size by at most the largest group. The result depends only on
    ``sizes``, ``folds`` and ``seed``: not on the order of ``sizes``, the Python process or the platform.
    """
    if folds < 2:
        raise ValueError(f"expected at least 2 folds, got {folds}")
    if len(sizes) < folds:
        raise ValueError(f"cannot make {folds} folds out of {len(sizes)} groups (expected at least one per fold)")
    order = sorted(sizes)
    random.Random(seed).shuffle(order)
    totals = [0] * folds
    assignment: Dict[Key, int] = {}
    for key in order:
        fold = min(range(folds), key=lambda index: (totals[index], index))
        assignment[key] = fold
        totals[fold] += sizes[key]
    return assignment
