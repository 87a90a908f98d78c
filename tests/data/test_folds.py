import os
import subprocess
import sys

import pytest

from joint_ner_re.data.folds import assign_folds

SIZES = {f"doc{i:02d}": 1 + i % 4 for i in range(23)}


def test_every_group_gets_one_fold_and_folds_are_balanced():
    folds = assign_folds(SIZES, 5, seed=0)
    assert set(folds) == set(SIZES) and set(folds.values()) == set(range(5))
    totals = [sum(SIZES[key] for key, fold in folds.items() if fold == index) for index in range(5)]
    assert sum(totals) == sum(SIZES.values()) and max(totals) - min(totals) <= max(SIZES.values())


def test_depends_on_the_seed_not_on_the_input_order_or_the_process():
    folds = assign_folds(SIZES, 5, seed=0)
    assert assign_folds(dict(reversed(list(SIZES.items()))), 5, seed=0) == folds
    assert assign_folds(SIZES, 5, seed=1) != folds
    code = f"from joint_ner_re.data.folds import assign_folds; print(assign_folds({SIZES!r}, 5, seed=0))"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": "123"})
    assert other.stdout.strip() == repr(folds)


@pytest.mark.parametrize("folds, message", [(1, "at least 2 folds"), (30, "cannot make 30 folds out of 23 groups")])
def test_impossible_partitions_are_errors(folds, message):
    with pytest.raises(ValueError, match=message):
        assign_folds(SIZES, folds, seed=0)
