"""The benchmark scripts importable as modules, and a CoNLL04-shaped corpus folder made of the fixture corpus."""
import shutil
import sys

import pytest

from tests.conftest import FIXTURES, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.fixture
def conll04_data(tmp_path, monkeypatch):
    """JNR_DATA with conll04/spert-json/conll04_{train,dev,test}.json (the self-written fixture corpus) and the
    fixture file the test config reads for its vocabulary."""
    corpus = tmp_path / "data" / "conll04" / "spert-json"
    corpus.mkdir(parents=True)
    for split in ("train", "dev", "test"):
        shutil.copy(FIXTURES / "conll04_like.json", corpus / f"conll04_{split}.json")
    shutil.copy(FIXTURES / "conll04_like.json", tmp_path / "data")
    monkeypatch.setenv("JNR_DATA", str(tmp_path / "data"))
    return tmp_path / "data"
