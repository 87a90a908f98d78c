"""Archives that travel: a model trained from a local encoder folder still evaluates and predicts after the folder
is deleted and the archive moved, in a fresh offline process; its card says what it is; loading never runs code."""
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import torch
from allennlp.commands import main
from allennlp.commands.train import train_model_from_file
from allennlp.models.archival import load_archive

from joint_ner_re.archive import UnsafeArchiveError, read_card
from joint_ner_re.data.sentence import Sentence
from tests.conftest import CONFIG, FIXTURES, TINY_BERT

DATA = FIXTURES / "conll04_like.json"
SENTENCES = [["John", "Smith", "works", "for", "Acme", "in", "Boston", "."], ["Nobody", "said", "anything", "."]]


@pytest.fixture(scope="module")
def relocated(tmp_path_factory):
    """(archive moved away from its run, the trained model): trained from a copy of the tiny encoder that is then
    deleted."""
    root = tmp_path_factory.mktemp("relocated")
    encoder = root / "encoder"
    shutil.copytree(TINY_BERT, encoder)
    overrides = {
        "trainer.num_epochs": 1,
        "dataset_reader.token_indexers.tokens.model_name": str(encoder),
        "model.embedder.token_embedders.tokens.model_name": str(encoder),
    }
    model = train_model_from_file(str(CONFIG), str(root / "run"), overrides=json.dumps(overrides))
    shutil.rmtree(encoder)
    moved = root / "elsewhere" / "model.tar.gz"
    moved.parent.mkdir()
    shutil.move(str(root / "run" / "model.tar.gz"), moved)
    return moved, model, root


def test_an_archive_evaluates_and_predicts_without_its_encoder_folder_in_a_fresh_offline_process(relocated):
    archive, model, root = relocated
    (root / "in.jsonl").write_text("".join(json.dumps({"tokens": words}) + "\n" for words in SENTENCES))
    script = (
        "import sys\nfrom allennlp.commands import main\n"
        f"sys.argv = ['allennlp', 'evaluate', {str(archive)!r}, {str(DATA)!r}, '--include-package', 'joint_ner_re',"
        f" '--output-file', {str(root / 'eval.json')!r}]\nmain(prog='allennlp')\n"
        f"sys.argv = ['allennlp', 'predict', {str(archive)!r}, {str(root / 'in.jsonl')!r}, '--include-package',"
        f" 'joint_ner_re', '--predictor', 'joint_ner_re', '--output-file', {str(root / 'out.jsonl')!r}, '--silent']\n"
        "main(prog='allennlp')\n"
    )
    environment = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", script], cwd=root, env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    evaluated = json.loads((root / "eval.json").read_text())
    trained = json.loads((root / "run" / "metrics.json").read_text())
    for name in ("ner_f1", "rel_strict_f1", "overall_f1", "loss"):
        assert evaluated[name] == pytest.approx(trained[f"best_validation_{name}"], abs=1e-9), name
    predicted = [json.loads(line) for line in (root / "out.jsonl").read_text().splitlines()]
    assert [output["words"] for output in predicted] == SENTENCES
    # the same predictions as the model before it travelled
    model.eval()
    reader = load_archive(str(archive)).validation_dataset_reader
    instances = [reader.text_to_instance(Sentence(words), annotated=False) for words in SENTENCES]
    for instance in instances:
        reader.apply_token_indexers(instance)
    expected = model.forward_on_instances(instances)
    assert [[(e["start"], e["end"], e["type"]) for e in output["entities"]] for output in predicted] == [
        [(e["start"], e["end"], e["type"]) for e in output["entities"]] for output in expected
    ]


def test_the_model_card_names_encoder_data_metrics_command_and_versions(relocated):
    archive, _, root = relocated
    card = read_card(str(archive))
    trained = json.loads((root / "run" / "metrics.json").read_text())
    assert card["encoder"]["carried_in_archive"] and card["encoder"]["model_type"] == "bert"
    assert card["data"]["train"]["path"].endswith("conll04_like.json") and len(card["data"]["train"]["sha256"]) == 64
    assert card["metrics"]["validation"]["ner_f1"] == trained["best_validation_ner_f1"]
    assert card["metrics"]["train"]["loss"] == trained["training_loss"]
    assert set(card["labels"]["entity_types"]) == {"Peop", "Org", "Loc", "Other"}
    assert card["versions"]["allennlp"] == "2.10.1" and card["versions"]["torch"] == torch.__version__
    assert card["command"]["argv"]
    shown = io.StringIO()
    with redirect_stdout(shown), pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "argv", ["allennlp", "model-card", str(archive)])
        main(prog="allennlp")
    text = shown.getvalue()
    assert "carried in the archive" in text and "validation: ner_f1" in text and "versions: joint_ner_re" in text


def _rewritten(archive: Path, target: Path, replace: dict) -> Path:
    """A copy of ``archive`` with some members' bytes replaced (or added)."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            if member.name not in replace:
                copy.addfile(member, source.extractfile(member) if member.isfile() else None)
        for name, data in replace.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
    return target


class _RunsCode:
    """Unpickling this runs a shell command (what a crafted weights file would do)."""

    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self):
        return os.system, (self.command,)


def test_a_crafted_weights_pickle_is_refused_and_never_run(relocated, tmp_path):
    archive, _, _ = relocated
    marker = tmp_path / "code-ran"
    payload = io.BytesIO()
    torch.save({"embedder.weight": _RunsCode(f"touch {marker}")}, payload)
    crafted = tmp_path / "crafted.th"
    crafted.write_bytes(payload.getvalue())
    torch.load(crafted, weights_only=False)  # the payload is live: unpickling it without the guard runs it
    assert marker.exists()
    marker.unlink()
    bad = _rewritten(archive, tmp_path / "crafted.tar.gz", {"weights.th": payload.getvalue()})
    with pytest.raises(UnsafeArchiveError, match=r"refused to load these weights.*expected a state dict of tensors"):
        load_archive(str(bad))
    assert not marker.exists()


def test_an_archive_member_that_would_land_outside_its_folder_is_refused(relocated, tmp_path):
    archive, _, _ = relocated
    bad = _rewritten(archive, tmp_path / "escape.tar.gz", {"../escaped.txt": b"outside"})
    with pytest.raises(UnsafeArchiveError, match=r"refused to unpack"):
        load_archive(str(bad))
    assert not list(Path("/tmp").glob("escaped.txt"))
