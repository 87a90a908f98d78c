"""benchmarks/experiment.py end to end on the tiny encoder: train, tune the threshold, score the test split,
aggregate; a finished seed is kept on a rerun."""
import json
import os
import subprocess
import sys

from tests.conftest import CONFIG, ROOT


def run_experiment(out, *extra, name="tiny"):
    command = [sys.executable, str(ROOT / "benchmarks" / "experiment.py"), name, "--config", str(CONFIG),
               "--seeds", "1", "--out", str(out), "--overrides", '{"trainer.num_epochs": 1}', *extra]
    env = {**os.environ, "PATH": f"{os.path.dirname(sys.executable)}:{os.environ['PATH']}"}
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)


def test_one_command_trains_tunes_scores_and_aggregates(tmp_path):
    done = run_experiment(tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads((tmp_path / "results" / "tiny.json").read_text())["relation_thresholds"] == [None]
    # the same models, scored with a threshold tuned on the validation data
    done = run_experiment(tmp_path, "--tune-threshold", "--archives-of", "tiny", name="tuned")
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads((tmp_path / "results" / "tuned.json").read_text())
    assert result["seeds"] == ["1"] and result["settings"]["num_epochs"] == 1
    config = json.loads((tmp_path / "runs" / "tiny" / "seed_1" / "config.json").read_text())
    assert result["settings"]["head_lr"] == config["trainer"]["optimizer"]["lr"]
    encoder_group = next(options for patterns, options in config["trainer"]["optimizer"]["parameter_groups"]
                         if "lr" in options and patterns[0].startswith("^embedder"))
    assert result["settings"]["encoder_lr"] == encoder_group["lr"]
    assert result["settings"]["entity_pretraining_epochs"] == 1.0  # the template's callback, the paper's one epoch
    assert result["settings"]["overlap_policy"] == "keep_longest"  # the readers' default, which the config leaves
    threshold = json.loads((tmp_path / "runs" / "tuned" / "seed_1" / "threshold.json").read_text())
    assert result["relation_thresholds"] == [threshold["best_threshold"]]
    for key in ("ner_f1", "rel_strict_f1", "rel_strict_recall", "wall_seconds"):
        assert len(result[key]["runs"]) == 1
    assert (tmp_path / "runs" / "tuned" / "seed_1" / "model.tar.gz").resolve() == (
        tmp_path / "runs" / "tiny" / "seed_1" / "model.tar.gz"
    )
    again = run_experiment(tmp_path)
    assert "done before, kept" in again.stdout
