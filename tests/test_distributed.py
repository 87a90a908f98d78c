"""Distributed (DDP over gloo on CPU) training: metrics gather across ranks, readers shard, no idle params; and the
same world of two workers as two simulated nodes (one worker each, ``num_nodes``, ``--node-rank``, primary address
and port) on localhost."""
import json
import os
import socket
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import torch

from tests.conftest import CONFIG, FIXTURES, ROOT

ALLENNLP = str(Path(sys.executable).parent / "allennlp")
ENVIRONMENT = {**os.environ, "OMP_NUM_THREADS": "1"}


def _train(run: Path, distributed: dict, node_rank: int = 0) -> subprocess.Popen:
    overrides = {"distributed": distributed, "trainer.num_epochs": 2}
    return subprocess.Popen(
        [ALLENNLP, "train", str(CONFIG), "-s", str(run), "--include-package", "joint_ner_re",
         "--node-rank", str(node_rank), "-o", json.dumps(overrides)],
        cwd=ROOT, env=ENVIRONMENT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )


def _finished(process: subprocess.Popen) -> None:
    _, error = process.communicate(timeout=600)
    assert process.returncode == 0, error[-3000:]


def _weights(run: Path) -> dict:
    with tarfile.open(run / "model.tar.gz") as archive:
        return torch.load(archive.extractfile("weights.th"), weights_only=True)


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory) -> Path:
    """One node, two CPU worker processes."""
    run = tmp_path_factory.mktemp("ddp") / "run"
    _finished(_train(run, {"cuda_devices": [-1, -1]}))
    return run


def test_two_worker_training_matches_single_process_evaluation(two_workers, tmp_path):
    run = two_workers
    # every rank saw half of the 12 fixture sentences, and together all of them
    logs = [(run / f"out_worker{rank}.log").read_text() for rank in (0, 1)]
    assert all("6 sentences" in log for log in logs), [line for log in logs for line in log.splitlines() if "sentences" in line]
    metrics = json.loads((run / "metrics.json").read_text())
    evaluate = subprocess.run(
        [ALLENNLP, "evaluate", str(run / "model.tar.gz"), str(FIXTURES / "conll04_like.json"),
         "--include-package", "joint_ner_re", "--output-file", str(tmp_path / "eval.json")],
        capture_output=True, text=True, env=ENVIRONMENT,
    )
    assert evaluate.returncode == 0, evaluate.stderr[-3000:]
    evaluated = json.loads((tmp_path / "eval.json").read_text())
    # the validation metrics were gathered over both ranks: one process on all the data gives the same scores
    for name in ("ner_f1", "rel_strict_f1", "rel_paper_f1"):
        assert evaluated[name] == metrics[f"best_validation_{name}"], name


def test_two_simulated_nodes_train_the_model_of_one_node_with_two_workers(two_workers, tmp_path):
    with socket.socket() as probe:  # a free port on localhost for the primary node
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    distributed = {"cuda_devices": [-1], "num_nodes": 2, "primary_address": "127.0.0.1", "primary_port": port}
    nodes = [_train(tmp_path / f"node{rank}", distributed, node_rank=rank) for rank in (0, 1)]
    for node in nodes:
        _finished(node)
    primary = tmp_path / "node0"
    # global ranks 0 and 1 read the same shards as the two workers of one node: the same model, the same metrics
    first, second = _weights(two_workers), _weights(primary)
    assert [name for name in first if not torch.equal(first[name], second[name])] == []
    single, nodes_metrics = (json.loads((run / "metrics.json").read_text()) for run in (two_workers, primary))
    for name in ("best_validation_ner_f1", "best_validation_rel_strict_f1", "best_validation_loss", "training_loss"):
        assert nodes_metrics[name] == single[name], name
