"""Distributed (DDP, 2 CPU workers over gloo) training: metrics gather across ranks, readers shard, no idle params."""
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import CONFIG, FIXTURES

ALLENNLP = str(Path(sys.executable).parent / "allennlp")


def test_two_worker_training_matches_single_process_evaluation(tmp_path):
    overrides = {"distributed": {"cuda_devices": [-1, -1]}, "trainer.num_epochs": 2}
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    run = tmp_path / "ddp"
    train = subprocess.run(
        [ALLENNLP, "train", str(CONFIG), "-s", str(run), "--include-package", "joint_ner_re",
         "-o", json.dumps(overrides)],
        capture_output=True, text=True, env=env,
    )
    assert train.returncode == 0, train.stderr[-3000:]
    # every rank saw half of the 12 fixture sentences, and together all of them
    logs = [(run / f"out_worker{rank}.log").read_text() for rank in (0, 1)]
    assert all("6 sentences" in log for log in logs), [line for log in logs for line in log.splitlines() if "sentences" in line]
    metrics = json.loads((run / "metrics.json").read_text())
    evaluate = subprocess.run(
        [ALLENNLP, "evaluate", str(run / "model.tar.gz"), str(FIXTURES / "conll04_like.json"),
         "--include-package", "joint_ner_re", "--output-file", str(tmp_path / "eval.json")],
        capture_output=True, text=True, env=env,
    )
    assert evaluate.returncode == 0, evaluate.stderr[-3000:]
    evaluated = json.loads((tmp_path / "eval.json").read_text())
    # the validation metrics were gathered over both ranks: one process on all the data gives the same scores
    for name in ("ner_f1", "rel_strict_f1", "rel_paper_f1"):
        assert evaluated[name] == metrics[f"best_validation_{name}"], name
