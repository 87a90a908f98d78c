"""Threshold tuning: the metric at each threshold from one pass, checked by hand, and the command on an archive."""
import json
import tarfile

import pytest
import torch
from allennlp.commands.train import train_model_from_file
from allennlp.models.archival import load_archive

from joint_ner_re.archive import CARD_NAME, read_card, set_model_options
from joint_ner_re.commands.model_card import render
from joint_ner_re.commands.tune_threshold import _score, tune
from joint_ner_re.data.sentence import Entity, Relation, Sentence
from tests.conftest import CONFIG, FIXTURES

A, B, C = Entity(0, 1, "Peop"), Entity(2, 3, "Org"), Entity(4, 5, "Loc")
GOLD = Sentence(list("abcde"), [A, B, C], [Relation(0, 1, "Work_For"), Relation(1, 2, "OrgBased_In")])
# every predicted pair with its best relation class and that class's probability
SCORED = [([A, B, C], [(0, 1, "Work_For", 0.9), (1, 2, "OrgBased_In", 0.4), (0, 2, "Live_In", 0.3)], GOLD)]


@pytest.mark.parametrize(
    "threshold, expected",
    [
        (0.2, 2 * (2 / 3) * 1.0 / (2 / 3 + 1.0)),  # all three pairs: P 2/3, R 1
        (0.35, 1.0),  # the two gold relations only
        (0.5, 2 * 1.0 * 0.5 / 1.5),  # Work_For only: P 1, R 1/2
        (0.95, 0.0),
    ],
)
def test_the_metric_at_a_threshold_counts_the_pairs_that_reach_it(threshold, expected):
    assert _score(SCORED, threshold, "rel_strict_f1", ()) == pytest.approx(expected)


def test_the_command_scores_every_threshold_and_leaves_the_model_as_it_was(tmp_path):
    run = tmp_path / "run"
    train_model_from_file(str(CONFIG), str(run), overrides=json.dumps({"trainer.num_epochs": 2}))
    result = tune(str(run / "model.tar.gz"), str(FIXTURES / "conll04_like.json"), grid=[0.1, 0.5, 0.9])
    assert set(result["scores"]) == {"0.1", "0.5", "0.9"}
    assert result["best_threshold"] in (0.1, 0.5, 0.9)
    assert result["best_score"] == max(result["scores"].values())


def test_written_into_the_archive_the_threshold_is_used_by_every_later_load(tmp_path):
    run = tmp_path / "run"
    train_model_from_file(str(CONFIG), str(run), overrides=json.dumps({"trainer.num_epochs": 2}))
    archive_file = str(run / "model.tar.gz")
    before = load_archive(archive_file)
    with tarfile.open(archive_file) as archive:
        members = {member.name: member.size for member in archive if member.name != "config.json"}
    set_model_options(archive_file, {"relation_threshold": 0.35})
    after = load_archive(archive_file)
    assert before.model.relation_threshold is None and after.model.relation_threshold == 0.35
    assert after.config["model"]["relation_threshold"] == 0.35
    assert read_card(archive_file)["model_options_set_after_training"] == {"relation_threshold": 0.35}
    assert "model options set after training (the metrics above are without them): relation_threshold 0.35" in (
        render(read_card(archive_file)))
    for name, tensor in before.model.state_dict().items():
        assert torch.equal(tensor, after.model.state_dict()[name])
    with tarfile.open(archive_file) as archive:
        unchanged = {member.name: member.size for member in archive if member.name not in ("config.json", CARD_NAME)}
    assert unchanged == {name: size for name, size in members.items() if name != CARD_NAME}
    assert not (run / "model.tar.gz.partial").exists()
    with pytest.raises(ValueError, match="no config.json"):
        broken = tmp_path / "broken.tar.gz"
        with tarfile.open(broken, "w:gz") as archive:
            archive.add(str(run / "vocabulary"), arcname="vocabulary")
        set_model_options(str(broken), {"relation_threshold": 0.5})
