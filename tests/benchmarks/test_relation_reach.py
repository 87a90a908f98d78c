"""benchmarks/relation_reach.py: its counts on a hand-worked sentence, and its ``found`` agrees with the model's own
strict relation recall on a tiny archive, under the argmax rule and under thresholds, with its own entities and with
the gold ones."""
import json
from collections import Counter

import pytest

from relation_reach import main, reach, reach_counts

from joint_ner_re.data.sentence import Entity, Relation, Sentence
from tests.archive import archive_metrics, train_tiny
from tests.conftest import FIXTURES

CORPUS = str(FIXTURES / "conll04_like.json")


def test_counts_of_a_hand_worked_sentence():
    a, b, c, d = Entity(0, 1, "Peop"), Entity(2, 4, "Org"), Entity(5, 6, "Loc"), Entity(5, 7, "Loc")
    gold = Sentence(
        words="w0 w1 w2 w3 w4 w5 w6 w7".split(), entities=[a, b, c, d],
        relations=[Relation(0, 1, "Work_For"), Relation(0, 2, "Live_In"), Relation(1, 0, "Kill")],
    )
    predicted = [a, b, Entity(5, 6, "Org")]  # c's span with the wrong type; d missed
    output = [(0, 1, "Work_For", 0.9), (0, 1, "Kill", 0.8)]  # Kill in the reverse order of the gold one
    counts = reach_counts([(predicted, output, gold)], symmetric=["Kill"])
    assert counts == {
        "Kill": {"gold": 1, "spans_reached": 1, "reached": 1, "found": 1, "nested_argument": 0},
        "Live_In": {"gold": 1, "spans_reached": 1, "reached": 0, "found": 0, "nested_argument": 1},  # c inside d
        "Work_For": {"gold": 1, "spans_reached": 1, "reached": 1, "found": 1, "nested_argument": 0},
    }
    assert reach_counts([(predicted, output, gold)], symmetric=[])["Kill"]["found"] == 0  # directed: wrong order


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A tiny archive trained long enough (20 epochs, gold-entity pairs in its targets, a few seconds) for its scorer
    to find some relations when given the gold entities; Kill is direction-free."""
    overrides = {"trainer.num_epochs": 20, "model.relation_targets": {"type": "predicted_and_gold"},
                 "model.symmetric_relation_types": ["Kill"]}
    return train_tiny(tmp_path_factory.mktemp("reach") / "run", overrides)


@pytest.mark.parametrize("gold_entities", [False, True])
@pytest.mark.parametrize("threshold", [None, 0.0, 0.2])
def test_found_is_the_models_own_strict_recall(archive, threshold, gold_entities):
    result = reach(str(archive), CORPUS, threshold, gold_entities)
    relations = Counter(r["type"] for s in json.loads(open(CORPUS).read()) for r in s["relations"])
    assert {name: c["gold"] for name, c in result["types"].items()} == relations
    options = {"model.relation_threshold": threshold, "model.gold_entities": gold_entities}
    metrics = archive_metrics(archive, CORPUS, options)
    for name, c in result["types"].items():
        assert c["found"] / c["gold"] == pytest.approx(metrics[f"rel_strict_recall_{name}"]), name
        assert c["found"] <= c["reached"] <= c["spans_reached"] <= c["gold"], name
    if gold_entities:  # every relation that BIOES holds is reached
        assert result["all"]["reached"] == result["all"]["gold"] > 0
    if gold_entities and threshold == 0.0:  # every pair takes its best relation class: the tiny model finds some
        assert 0 < result["all"]["found"] < result["all"]["reached"]


def test_the_command_writes_the_counts_and_prints_a_table_per_archive(archive, tmp_path, capsys):
    out = tmp_path / "reach.json"
    main([str(archive), str(archive), "--path", CORPUS, "--threshold", "0.2", "0.0", "--out", str(out),
          "--note", "a test"])
    result = json.loads(out.read_text())
    assert [run["threshold"] for run in result["runs"]] == [0.2, 0.0] and result["note"] == "a test"
    assert result["command"].endswith(f"--path {CORPUS} --threshold 0.2 0.0 --out {out} --note a test")
    printed = capsys.readouterr().out
    assert printed.count(f"| all | {result['runs'][0]['all']['gold']} | ") == 2
    with pytest.raises(SystemExit):
        main([str(archive), str(archive), "--path", CORPUS, "--threshold", "0.2", "0.1", "0.0"])
    assert "--threshold: expected one value or 2, got 3" in capsys.readouterr().err
