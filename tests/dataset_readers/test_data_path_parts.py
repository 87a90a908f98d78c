"""Parts of a data path (``#fold=I/K``, ``#not-fold=I/K``, ``#holdout``, ``#rest``, chained) and lists of data
paths: what cross-validation and the paper's train + dev protocol read."""
import json

import pytest

from joint_ner_re.dataset_readers.dygiepp_json import DygieppJsonReader
from joint_ner_re.dataset_readers.spert_json import SpertJsonReader
from tests.conftest import FIXTURES, sentences

DATA = FIXTURES / "conll04_like.json"


@pytest.fixture
def documents(tmp_path):
    """A DyGIE++ JSON lines file of 12 documents with 1-3 sentences each (24 sentences), one word per sentence
    naming its document and place."""
    lines = []
    for document in range(12):
        words = [[f"d{document}s{place}"] for place in range(1 + document % 3)]
        lines.append(json.dumps({"doc_key": f"d{document}", "sentences": words, "ner": [[] for _ in words]}))
    path = tmp_path / "documents.json"
    path.write_text("\n".join(lines) + "\n")
    return path


def words(path, **options):
    reader = (SpertJsonReader if str(path).startswith(str(DATA)) else DygieppJsonReader)(**options)
    return [s.words[0] for s in sentences(reader.read(path))], reader.counts


def document_of(word):
    return word.split("s")[0]


def test_folds_are_disjoint_complete_deterministic_and_by_document(documents):
    everything, _ = words(documents)
    folds = [words(f"{documents}#fold={fold}/4")[0] for fold in range(4)]
    assert sorted(sum(folds, [])) == sorted(everything)  # complete, and disjoint: no sentence twice
    held = [{document_of(w) for w in fold} for fold in folds]
    assert all(a.isdisjoint(b) for i, a in enumerate(held) for b in held[i + 1:])  # no document in two folds
    assert max(map(len, folds)) - min(map(len, folds)) <= 3  # balanced within the largest document
    assert folds == [words(f"{documents}#fold={fold}/4")[0] for fold in range(4)]  # deterministic
    assert folds != [words(f"{documents}#fold={fold}/4", fold_seed=1)[0] for fold in range(4)]  # seeded
    for fold in range(4):
        rest, counts = words(f"{documents}#not-fold={fold}/4")
        assert sorted(rest + folds[fold]) == sorted(everything)
        assert counts["sentences_left_out_in_the_held_out_fold"] == len(folds[fold])


def test_parts_chain_from_left_to_right(documents):
    training, _ = words(f"{documents}#not-fold=2/4")
    holdout, counts = words(f"{documents}#not-fold=2/4#holdout", holdout_fraction=0.25)
    rest, _ = words(f"{documents}#not-fold=2/4#rest", holdout_fraction=0.25)
    assert sorted(holdout + rest) == sorted(training)
    assert {document_of(w) for w in holdout}.isdisjoint(document_of(w) for w in rest)
    assert len({document_of(w) for w in holdout}) == round(0.25 * len({document_of(w) for w in training}))
    assert counts["sentences_left_out_in_the_held_out_fold"] > 0
    assert counts["sentences_left_out_of_the_holdout_part"] == len(rest)


@pytest.mark.parametrize("part", ["fold=4/4", "not-fold=0/13", "fold=0/1"])
def test_a_fold_that_cannot_exist_is_an_error_naming_the_path(documents, part):
    with pytest.raises(ValueError, match=f"documents.json#{part}: expected #.*I < K, 2 <= K <= the number of documents"):
        words(f"{documents}#{part}")


def test_a_list_of_data_paths_reads_each_in_turn_as_one_data_set(documents):
    first, second = words(f"{documents}#fold=1/4")[0], words(f"{documents}#not-fold=1/4#holdout")[0]
    assert words([f"{documents}#fold=1/4", f"{documents}#not-fold=1/4#holdout"])[0] == first + second
    positions = [i["metadata"]["position"] for i in SpertJsonReader().read([str(DATA), str(DATA)])]
    assert positions == list(range(len(positions)))
