"""benchmarks/relation_probe.py on the tiny archive: its reading of the archived head agrees with the model's own
gold-entity evaluation, and a fresh head trained on the frozen pairs fits them."""
import json
from collections import Counter

from allennlp.models.archival import load_archive
from relation_probe import main, probe

from tests.archive import archive  # noqa: F401  (fixture)
from tests.conftest import FIXTURES

CORPUS = str(FIXTURES / "conll04_like.json")


def test_the_archived_head_reads_as_the_models_own_gold_entity_evaluation(archive):  # noqa: F811
    result = probe(str(archive), CORPUS, CORPUS, steps=[], seeds=[], batch_size=4, threshold=0.0)
    archived = result["heads"][0]
    assert archived["head"] == "archived" and len(result["heads"]) == 1
    assert archived["train"] == archived["other"]  # the same file twice
    relations = Counter(r["type"] for s in json.loads(open(CORPUS).read()) for r in s["relations"])
    assert {name: counts["gold"] for name, counts in archived["train"].items()} == relations

    # the model itself, gold entities given, threshold 0: every pair of gold entities gets its best relation class
    model = load_archive(str(archive), overrides={"model.gold_entities": True, "model.relation_threshold": 0.0}).model
    model.eval()
    reader = load_archive(str(archive)).validation_dataset_reader
    model.get_metrics(reset=True)
    model.forward_on_instances(list(reader.read(CORPUS)))
    metrics = model.get_metrics(reset=True)
    for name, counts in archived["train"].items():
        assert counts["recall"] == round(metrics[f"rel_strict_recall_{name}"], 4)
        if counts["predicted"]:
            assert counts["precision"] == round(metrics[f"rel_strict_precision_{name}"], 4)


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
