"""benchmarks/relation_probe.py on tiny archives (with and without a pair context and a direction-free type): its
reading of the archived head agrees with the model's own gold-entity evaluation, at threshold 0 and at one that
drops pairs, and a fresh head trained on the frozen pairs fits them."""
import json
from collections import Counter

import pytest

from relation_probe import main, probe

from tests.archive import archive, archive_metrics, train_tiny  # noqa: F401  (fixture)
from tests.conftest import FIXTURES

CORPUS = str(FIXTURES / "conll04_like.json")


@pytest.fixture(scope="module")
def context_archive(tmp_path_factory):
    """A tiny archive whose relation head reads a pair context and whose Kill relation is scored direction-free."""
    overrides = {"trainer.num_epochs": 5, "model.pair_context": {"type": "between", "pooling": "max"},
                 "model.symmetric_relation_types": ["Kill"]}
    return train_tiny(tmp_path_factory.mktemp("probe") / "run", overrides)


@pytest.mark.parametrize("which", ["paper", "context"])
@pytest.mark.parametrize("threshold", [0.0, 0.2])
def test_the_archived_head_reads_as_the_models_own_gold_entity_evaluation(archive, context_archive, which,  # noqa: F811
                                                                           threshold):
    archive_file = archive if which == "paper" else context_archive
    result = probe(str(archive_file), CORPUS, CORPUS, steps=[], seeds=[], batch_size=4, threshold=threshold)
    assert [head["head"] for head in result["heads"]] == ["archived"]
    counts = result["heads"][0]["train"]
    relations = Counter(r["type"] for s in json.loads(open(CORPUS).read()) for r in s["relations"])
    if which == "context":
        relations["Kill"] *= 2  # direction-free: both orders of the pair are its target
    assert {name: c["gold"] for name, c in counts.items()} == relations
    options = {"model.gold_entities": True, "model.relation_threshold": threshold}
    metrics = archive_metrics(archive_file, CORPUS, options)
    for name, c in counts.items():
        if which == "context" and name == "Kill":
            continue  # pairs in both directions against one relation: not the same count
        assert c["recall"] == round(metrics[f"rel_strict_recall_{name}"], 4), name
        if c["predicted"]:
            assert c["precision"] == round(metrics[f"rel_strict_precision_{name}"], 4), name
    predicted = sum(c["predicted"] for c in counts.values())
    assert predicted > 0
    if threshold:  # the threshold keeps some pairs and drops others
        every_pair = probe(str(archive_file), CORPUS, CORPUS, steps=[], seeds=[], batch_size=4, threshold=0.0)
        assert predicted < sum(c["predicted"] for c in every_pair["heads"][0]["train"].values())


def test_a_fresh_head_fits_the_frozen_training_pairs(archive, tmp_path):  # noqa: F811
    out = tmp_path / "probe.json"
    main([str(archive), CORPUS, CORPUS, "--steps", "0", "300", "--seeds", "1", "--batch-size", "4",
          "--out", str(out)])
    heads = json.loads(out.read_text())["heads"]
    assert [(h["head"], h.get("steps")) for h in heads] == [("archived", None), ("fresh", 0), ("fresh", 300)]
    untrained, trained = heads[1]["train"], heads[2]["train"]
    right = {name: trained[name]["right"] for name in trained}
    assert sum(right.values()) > sum(counts["right"] for counts in untrained.values())
    for name in ("OrgBased_In", "Work_For", "Live_In"):  # the frequent types are fitted
        assert trained[name]["recall"] >= 0.75, (name, trained[name])
