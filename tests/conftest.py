"""Test set-up: offline, the tiny fixture encoder, and a clean skip where the shared corpora are absent."""
import os
from pathlib import Path

import pytest

import joint_ner_re  # noqa: F401  (registers the components, as --include-package would)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
TINY_BERT = FIXTURES / "tiny_bert"
CONFIG = FIXTURES / "experiment.jsonnet"
SHARED_DATA = Path(os.environ.get("JNR_DATA") or ROOT.parent / "shared" / "data")

# Read by the configs (see training_config/joint_ner_re.libsonnet) and by every subprocess the tests start.
os.environ.update(
    HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false",
    JNR_ENCODER=str(TINY_BERT), JNR_DATA=str(FIXTURES),
)


def shared_file(relative: str) -> Path:
    """A file of ../shared/data (or $JNR_DATA as given to pytest); skips the test with a clear reason if absent."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"{path} is absent: set JNR_DATA to a folder holding the shared corpora to run this test")
    return path


def sentences(instances):
    """The Sentence records behind instances (e.g. ``sentences(reader.read(path))``)."""
    return [instance["metadata"]["sentence"] for instance in instances]


def nonzero(counts):
    """A reader's counts without the zero entries, for exact comparison."""
    return {name: value for name, value in counts.items() if value}
