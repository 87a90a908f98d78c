"""``allennlp cross-validate``: the runs it plans, the summary maths against hand-worked numbers, and the command
end to end on the tiny encoder, killed in the middle and started again."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from joint_ner_re.commands.cross_validate import markdown_table, plan_runs, summarise, write_summary
from tests.conftest import CONFIG, FIXTURES, ROOT, sentences

DATA = str(FIXTURES / "conll04_like.json")


def test_folds_over_the_configured_data_name_their_parts_of_it():
    runs = plan_runs(str(CONFIG), {"trainer.num_epochs": 1}, os.environ, folds=3, fold_seed=7)
    assert [run.name for run in runs] == ["fold_0", "fold_1", "fold_2"]
    assert runs[1].overrides == {
        "trainer.num_epochs": 1,
        "train_data_path": f"{DATA}#not-fold=1/3#rest",
        "validation_data_path": f"{DATA}#not-fold=1/3#holdout",
        "test_data_path": f"{DATA}#fold=1/3",
        "dataset_reader.fold_seed": 7,
    }
    assert all(run.env == {} for run in runs)


def test_config_folds_and_seeds_multiply():
    runs = plan_runs(str(CONFIG), {}, os.environ, folds=2, config_folds=True, seeds=[1, 2])
    assert [run.name for run in runs] == ["fold_0/seed_1", "fold_0/seed_2", "fold_1/seed_1", "fold_1/seed_2"]
    assert [run.env for run in runs] == [{"JNR_FOLD": "0"}] * 2 + [{"JNR_FOLD": "1"}] * 2
    assert runs[3].overrides == {"random_seed": 2, "numpy_seed": 2, "pytorch_seed": 2}
    assert [run.name for run in plan_runs(str(CONFIG), {}, os.environ, seeds=[3])] == ["seed_3"]


def test_folds_need_one_plain_training_path():
    with pytest.raises(SystemExit, match="--folds splits one data path"):
        plan_runs(str(CONFIG), {"train_data_path": [DATA, DATA]}, os.environ, folds=2)


def test_summary_maths_by_hand(tmp_path):
    # F1 0.5, 0.7, 0.9: mean 0.7; sample variance ((-0.2)^2 + 0 + 0.2^2) / (3 - 1) = 0.04, std 0.2
    for name, f1, wall in (("a", 0.5, 10), ("b", 0.7, 20), ("c", 0.9, 60)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "test_metrics.json").write_text(
            json.dumps({"rel_strict_f1": f1, "ner_recall_Peop": f1, "loss": 1.0}))
        (tmp_path / name / "wall_seconds").write_text(f"{wall}\n")
    summary = write_summary(tmp_path, ["a", "b", "c"], {"folds": 3})
    f1 = summary["metrics"]["rel_strict_f1"]
    assert f1["mean"] == pytest.approx(0.7) and f1["std"] == pytest.approx(0.2)
    assert f1["values"] == {"a": 0.5, "b": 0.7, "c": 0.9}
    assert summary["wall_seconds"]["mean"] == 30 and summary["wall_seconds"]["std"] == pytest.approx(26.4575, abs=1e-4)
    table = (tmp_path / "summary.md").read_text()
    assert "| rel_strict_f1 | 70.00 ± 20.00 | 50.00 | 70.00 | 90.00 |" in table
    assert "| ner_recall_Peop | 70.00 ± 20.00 |" in table  # per type: a percentage too
    assert "| loss | 1.00 ± 0.00 |" in table  # not a percentage
    assert json.loads((tmp_path / "summary.json").read_text()) == summary
    assert summarise([0.25]) == {"mean": 0.25, "std": None}
    assert "| x | 25.00 ± – | 25.00 |" in markdown_table(
        {"runs": ["a"], "metrics": {"x_f1": {"mean": 0.25, "std": None, "values": {"a": 0.25}}}}
    ).replace("x_f1", "x")


def _command(out):
    return [sys.executable, "-m", "joint_ner_re.commands.cross_validate", str(CONFIG), "-s", str(out),
            "--folds", "3", "-o", json.dumps({"trainer.num_epochs": 1})]


def test_killed_in_the_middle_it_keeps_finished_folds_and_restarts_the_interrupted_one(tmp_path):
    out = tmp_path / "cv"
    process = subprocess.Popen(_command(out), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.time() + 300
    while not (out / "fold_1").is_dir():  # fold 0 done, fold 1 training
        assert process.poll() is None and time.time() < deadline, "the command ended before fold 1 began"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert (out / "fold_0" / "test_metrics.json").is_file() and not (out / "fold_1" / "test_metrics.json").exists()
    kept = (out / "fold_0" / "model.tar.gz").stat().st_mtime_ns
    (out / "fold_1" / "left_by_the_killed_run").write_text("")

    done = subprocess.run(_command(out), cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "1 of 3 runs done before, kept" in done.stdout and "[2/2] fold_2: done" in done.stdout
    assert (out / "fold_0" / "model.tar.gz").stat().st_mtime_ns == kept
    assert not (out / "fold_1" / "left_by_the_killed_run").exists()  # restarted from scratch
    summary = json.loads((out / "summary.json").read_text())
    assert summary["runs"] == ["fold_0", "fold_1", "fold_2"]
    assert len(summary["metrics"]["ner_f1"]["values"]) == 3 and summary["metrics"]["ner_f1"]["std"] is not None
    # each fold was trained and scored on its own parts: test folds tile the data, never seen in training
    from allennlp.common import Params
    from allennlp.data import DatasetReader

    tested = []
    for fold in range(3):
        config = Params(json.loads((out / f"fold_{fold}" / "config.json").read_text()))
        reader = DatasetReader.from_params(config.pop("dataset_reader"))
        test = [" ".join(s.words) for s in sentences(reader.read(config["test_data_path"]))]
        train = [" ".join(s.words) for path in (config["train_data_path"], config["validation_data_path"])
                 for s in sentences(reader.read(path))]
        assert set(test).isdisjoint(train) and len(test) + len(train) == 12
        tested += test
    assert sorted(tested) == sorted(" ".join(s["tokens"]) for s in json.loads(open(DATA).read()))
