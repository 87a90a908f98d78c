"""ACE04, ACE05 and i2b2 are licensed: their paper protocols are proven end to end on synthetic documents in their
formats, laid out as the configs expect under JNR_DATA, through the one command a user with the data runs
(``allennlp cross-validate training_config/CORPUS.jsonnet ...``), one epoch on the tiny encoder."""
import json
import os
import shutil
import subprocess
import sys

from tests.conftest import FIXTURES, ROOT

FORMATS = FIXTURES / "formats"
ACE_DOCUMENTS = sorted((FORMATS / "ace05_lstm_er" / "corpus").glob("*/*.split.txt"))
QUICK = {"trainer.num_epochs": 1, "data_loader.batch_size": 4, "model.relation_ffnn_dim": 16,
         "model.entity_embedding_dim": 8}


def _ace_folder(folder, copies):
    """``copies`` documents, copies of the synthetic ACE05 documents under new names, in ``folder``."""
    folder.mkdir(parents=True)
    for copy in range(copies):
        source = ACE_DOCUMENTS[copy % len(ACE_DOCUMENTS)]
        for suffix in (".txt", ".ann"):
            shutil.copy(source.with_suffix(suffix), folder / f"DOC_{copy}.split{suffix}")


def _cross_validate(data, config, *arguments):
    out = data / "runs"
    command = [sys.executable, "-m", "joint_ner_re.commands.cross_validate", f"training_config/{config}.jsonnet",
               "-s", str(out), "-o", json.dumps(QUICK), *arguments]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "JNR_DATA": str(data)})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return out, done.stdout


def _test_metrics(run):
    return json.loads((run / "test_metrics.json").read_text())


def test_ace04_five_folds_of_the_lstm_er_preprocessing(tmp_path):
    for fold in range(5):
        _ace_folder(tmp_path / "ace2004" / "corpus" / f"train{fold}", 10)
        _ace_folder(tmp_path / "ace2004" / "corpus" / f"test{fold}", 2)
    out, stdout = _cross_validate(tmp_path, "ace04", "--folds", "5", "--config-folds", "--only", "fold_3")
    assert "1 of 5 runs done" in stdout
    config = json.loads((out / "fold_3" / "config.json").read_text())
    assert config["test_data_path"].endswith("ace2004/corpus/test3")
    assert config["validation_data_path"].endswith("train3#holdout")
    assert "ner_f1" in _test_metrics(out / "fold_3")


def test_ace05_on_its_split_with_the_paper_protocol(tmp_path):
    for part, copies in (("train", 6), ("dev", 2), ("test", 2)):
        _ace_folder(tmp_path / "ace2005" / "corpus" / part, copies)
    out, stdout = _cross_validate(tmp_path, "ace05", "--seeds", "1")
    config = json.loads((out / "seed_1" / "config.json").read_text())
    assert config["train_data_path"] == [str(tmp_path / "ace2005/corpus/train"), str(tmp_path / "ace2005/corpus/dev")]
    assert "validation_data_path" not in config  # train + dev, the last epoch kept
    summary = json.loads((out / "summary.json").read_text())
    assert summary["runs"] == ["seed_1"] and "rel_strict_f1" in summary["metrics"]
    assert "| ner_f1 |" in stdout


def test_i2b2_five_folds_over_the_training_and_test_records(tmp_path):
    fold = 4
    corpus = tmp_path / "i2b2_2010"
    for part in ("txt", "concept", "rel"):
        (corpus / "records" / part).mkdir(parents=True)
    source = FORMATS / "i2b2_2010"
    ids = []
    for copy in range(8):
        for part, suffix in (("txt", ".txt"), ("concept", ".con"), ("rel", ".rel")):
            shutil.copy(source / part / f"record-fake-042{suffix}", corpus / "records" / part / f"r{copy}{suffix}")
        ids.append(f"r{copy}")
    (corpus / "records.txt").write_text("\n".join(ids) + "\n")
    out, _ = _cross_validate(tmp_path, "i2b2", "--folds", "5", "--config-folds", "--only", f"fold_{fold}")
    config = json.loads((out / f"fold_{fold}" / "config.json").read_text())
    assert config["test_data_path"].endswith(f"i2b2_2010/records.txt#fold={fold}/5")
    assert "rel_strict_f1" in _test_metrics(out / f"fold_{fold}")
