"""A model archive of the tiny fixture config (random tiny BERT, a few seconds of training: 5 epochs,
enough for entities and relations to be predicted, neither everywhere nor nowhere), trained once per test
session however many test modules ask for it."""
import atexit
import json
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest

from tests.conftest import CONFIG


def train_tiny(folder: Path, overrides: dict) -> Path:
    """Train the tiny fixture config with ``overrides`` into ``folder``; the archive's path."""
    from allennlp.commands.train import train_model_from_file

    train_model_from_file(str(CONFIG), str(folder), overrides=json.dumps(overrides))
    return folder / "model.tar.gz"


@lru_cache(maxsize=None)
def tiny_archive() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="jnr-tiny-archive-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return train_tiny(folder / "run", {"trainer.num_epochs": 5})


@pytest.fixture(scope="module")
def archive() -> Path:
    """The tiny archive, as a fixture: ``from tests.archive import archive`` in a test module."""
    return tiny_archive()


def archive_metrics(archive_file, corpus: str, options: dict) -> dict:
    """The model's own evaluation of ``corpus`` (read with the archive's validation reader), ``options`` overriding
    its config (``{"model.gold_entities": True, ...}``)."""
    from allennlp.models.archival import load_archive

    loaded = load_archive(str(archive_file), overrides=options)
    loaded.model.eval()
    loaded.model.get_metrics(reset=True)
    loaded.model.forward_on_instances(list(loaded.validation_dataset_reader.read(corpus)))
    return loaded.model.get_metrics(reset=True)
