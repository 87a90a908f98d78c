"""Crash and resume, and determinism, on the tiny encoder and the 12-sentence fixture (3 epochs of 3 batches).

* A training process killed with SIGKILL in the middle of its second epoch, then resumed with
  ``allennlp train --recover``, ends with the same weights (every tensor bit for bit) and the same metrics of every
  epoch as a run that was never interrupted. What resume restores: the last checkpoint (written at the end of the
  first epoch: weights, optimizer, learning-rate schedule, metric tracker, callbacks and, through
  ``joint_ner_re.training.reproducibility``, the random generators); the batch trained after it is done again.
* The same seed and data give the same weights, metrics and predictions twice in a row, and with 1 or 2
  data-loader workers.
"""
import json
import os
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
import torch
from allennlp.commands.train import train_model_from_file
from allennlp.models.archival import load_archive

from joint_ner_re.data.sentence import Sentence
from tests.conftest import CONFIG, ROOT

ALLENNLP = str(Path(sys.executable).parent / "allennlp")
CALLBACKS = [{"type": "entity_pretraining"}, {"type": "console_logger", "should_log_inputs": False},
             {"type": "test_pause_for_kill"}]
# what may differ between two runs of the same training: clocks and memory
_NOT_COMPARED = ("duration", "memory", "time")


def overrides(workers: int) -> dict:
    return {"trainer.num_epochs": 3, "trainer.callbacks": CALLBACKS, "data_loader.num_workers": workers}


def train(run: Path, workers: int = 1, recover: bool = False) -> Path:
    import tests.reliability.pause_for_kill  # noqa: F401  (registers the callback in this process)

    train_model_from_file(str(CONFIG), str(run), overrides=json.dumps(overrides(workers)), recover=recover)
    return run


def compared_metrics(run: Path) -> dict:
    """metrics.json and every epoch's metrics, without clocks and memory."""
    files = [run / "metrics.json"] + sorted(run.glob("metrics_epoch_*.json"))
    return {
        file.name: {k: v for k, v in json.loads(file.read_text()).items() if not any(n in k for n in _NOT_COMPARED)}
        for file in files
    }


def weights(run: Path) -> dict:
    with tarfile.open(run / "model.tar.gz") as archive:
        return torch.load(archive.extractfile("weights.th"), weights_only=True)


def assert_same_weights(a: Path, b: Path) -> None:
    first, second = weights(a), weights(b)
    assert first.keys() == second.keys()
    different = [name for name in first if not torch.equal(first[name], second[name])]
    assert different == []


def predictions(run: Path) -> list:
    archive = load_archive(str(run / "model.tar.gz"))
    reader = archive.validation_dataset_reader
    instances = [reader.text_to_instance(Sentence(words), annotated=False) for words in (
        ["John", "Smith", "works", "for", "Acme", "in", "Boston", "."], ["Mary", "lives", "in", "Paris", "."])]
    for instance in instances:
        reader.apply_token_indexers(instance)
    archive.model.eval()
    return [(output["tags"], output["relations"]) for output in archive.model.forward_on_instances(instances)]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The uninterrupted run, one data-loader worker."""
    return train(tmp_path_factory.mktemp("reference") / "run")


def test_a_run_killed_mid_epoch_resumes_to_the_same_weights_and_metrics(reference, tmp_path):
    run, marker = tmp_path / "run", tmp_path / "paused"
    # the same number of threads as this process, which trains the reference and the resumption: reductions split
    # across threads round differently, so bit-identity holds between runs with the same thread count
    threads = str(torch.get_num_threads())
    environment = {**os.environ, "OMP_NUM_THREADS": threads, "JNR_TEST_PAUSE_AT": "1:1", "JNR_TEST_PAUSE_MARKER": str(marker)}
    command = [ALLENNLP, "train", str(CONFIG), "-s", str(run), "--include-package", "joint_ner_re",
               "--include-package", "tests.reliability.pause_for_kill", "-o", json.dumps(overrides(1))]
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert marker.exists(), process.communicate(timeout=60)[1][-3000:] if process.poll() is not None else "no pause"
    os.kill(process.pid, signal.SIGKILL)  # mid-epoch: the second epoch's first batch is trained, not checkpointed
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert not (run / "model.tar.gz").exists() and (run / "model_state_e1_b0.th").exists()
    assert not (run / "metrics_epoch_1.json").exists()
    train(run, recover=True)
    assert_same_weights(reference, run)
    assert compared_metrics(run) == compared_metrics(reference)


def test_the_same_seed_gives_the_same_run_twice_and_with_two_data_loader_workers(reference, tmp_path):
    again = train(tmp_path / "again")
    two_workers = train(tmp_path / "two_workers", workers=2)
    for run in (again, two_workers):
        assert_same_weights(reference, run)
        assert compared_metrics(run) == compared_metrics(reference)
    assert predictions(two_workers) == predictions(reference)
