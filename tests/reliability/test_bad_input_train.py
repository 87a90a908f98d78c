"""Bad input for ``allennlp train``: a config that names a file or folder that is not there."""
import json

import pytest
from allennlp.commands.train import train_model_from_file

from tests.conftest import CONFIG

MISSING_ENCODER = {"dataset_reader.token_indexers.tokens.model_name": "/nowhere/encoder",
                   "model.embedder.token_embedders.tokens.model_name": "/nowhere/encoder"}
CASES = [
    # (kind, config file, overrides, what the error must say)
    ("config naming a missing file", CONFIG, {"train_data_path": "/nowhere/train.json"},
     r"/nowhere/train\.json: no such file \(expected SpERT JSON"),
    ("config naming a missing file", CONFIG, {"validation_data_path": "/nowhere/dev.json"},
     r"/nowhere/dev\.json: no such file \(expected SpERT JSON"),
    ("config naming a missing file", CONFIG, MISSING_ENCODER,
     r"/nowhere/encoder: no such encoder folder \(expected a folder holding the encoder's config\.json"),
    ("config naming a missing file", CONFIG.parent / "no_such_config.jsonnet", {}, r"no_such_config\.jsonnet"),
]
OUTCOMES = [(kind, "error") for kind, *_ in CASES]  # for the table in docs/reliability.md


@pytest.mark.parametrize("kind, config, overrides, message", CASES, ids=[case[3][:30] for case in CASES])
def test_a_missing_file_stops_training_with_its_name(tmp_path, kind, config, overrides, message):
    with pytest.raises((ValueError, FileNotFoundError), match=message):
        train_model_from_file(str(config), str(tmp_path / "run"), overrides=json.dumps(overrides))
