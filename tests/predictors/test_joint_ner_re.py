"""The predictor through the real CLI: `allennlp predict` without --use-dataset-reader, and `allennlp evaluate`."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from allennlp.commands.train import train_model_from_file
from allennlp.models.archival import load_archive
from allennlp.predictors import Predictor

from tests.conftest import CONFIG, FIXTURES

ALLENNLP = str(Path(sys.executable).parent / "allennlp")


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    run = tmp_path_factory.mktemp("run")
    train_model_from_file(str(CONFIG), str(run), overrides=json.dumps({"trainer.num_epochs": 3}))
    return run / "model.tar.gz"


def cli(*args, cwd):
    result = subprocess.run([ALLENNLP, *args], cwd=cwd, capture_output=True, text=True, env=os.environ.copy())
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def test_predict_from_the_cli_on_tokens_and_raw_text(archive, tmp_path):
    long_sentence = ("Maria Lopez works for Acme Corp in Boston and " * 40).split()
    inputs = [
        {"tokens": "John Smith lives in Paris .".split(), "id": "a"},
        {"text": "Anna Berg killed Tom Hale in Oslo."},
        {"tokens": long_sentence},  # ~800 word pieces: far past the tiny encoder's 64 positions
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(i) for i in inputs) + "\n")
    # from another directory, with --include-package (the repo's .allennlp_plugins is not visible there)
    cli("predict", str(archive), "in.jsonl", "--predictor", "joint_ner_re", "--include-package", "joint_ner_re",
        "--output-file", "out.jsonl", "--silent", "--batch-size", "2", cwd=tmp_path)
    outputs = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(outputs) == 3
    tokens_out, text_out, long_out = outputs
    assert tokens_out["words"] == inputs[0]["tokens"] and tokens_out["id"] == "a"
    assert text_out["text"] == inputs[1]["text"]
    assert text_out["words"] == ["Anna", "Berg", "killed", "Tom", "Hale", "in", "Oslo", "."]
    assert len(long_out["tags"]) == len(long_sentence)  # nothing truncated
    assert any(output["entities"] for output in outputs)  # so that the checks below see real entities
    for output in outputs:
        assert set(output) >= {"words", "tags", "entities", "relations"}
        for entity in output["entities"]:
            assert set(entity) >= {"start", "end", "type", "text"}
            assert entity["text"] == " ".join(output["words"][entity["start"]:entity["end"]])
        for relation in output["relations"]:
            assert set(relation) == {"head", "tail", "type", "score", "head_text", "tail_text"}
            assert 0 <= relation["head"] < len(output["entities"]) and 0.0 < relation["score"] <= 1.0
    for entity in text_out["entities"]:
        assert inputs[1]["text"][entity["char_start"]:entity["char_end"]].split() == entity["text"].split()


def test_predictor_rejects_input_without_tokens_or_text(archive):
    predictor = Predictor.from_archive(load_archive(str(archive)), "joint_ner_re")
    with pytest.raises(ValueError, match='expected an object with "tokens"'):
        predictor.predict_json({"sentence": "no such key"})


def test_evaluate_from_the_cli_prints_every_metric(archive, tmp_path):
    result = cli("evaluate", str(archive), str(FIXTURES / "conll04_like.json"), "--output-file", "metrics.json",
                 cwd=Path(__file__).resolve().parents[2])  # the repo root: found through .allennlp_plugins
    metrics = json.loads((Path(__file__).resolve().parents[2] / "metrics.json").read_text())
    os.remove(Path(__file__).resolve().parents[2] / "metrics.json")
    for name in ("ner_f1", "ner_macro_f1", "rel_strict_f1", "rel_boundaries_f1", "rel_paper_f1",
                 "rel_strict_macro_f1", "overall_f1", "ner_f1_Peop", "rel_strict_f1_Work_For"):
        assert name in metrics
    assert "rel_strict_f1" in result.stdout + result.stderr
