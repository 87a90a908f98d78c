import json
import subprocess
import sys
from pathlib import Path

from joint_ner_re.commands.corpus_stats import build_reader, corpus_statistics, markdown
from tests.conftest import CONFIG, FIXTURES, ROOT, shared_file

ALLENNLP = str(Path(sys.executable).parent / "allennlp")


def test_counts_per_type_and_what_the_reader_could_not_encode():
    stats = corpus_statistics(build_reader("spert_json", {}), str(FIXTURES / "overlapping.json"))
    assert stats["sentences"] == 2 and stats["sentences_with_relations"] == 2
    assert stats["entities"] == {"Adverse-Effect": 3, "Drug": 2}
    assert stats["relations"] == {"Adverse-Effect": 3}
    assert stats["reader_counts"] == {"entities_not_encoded": 2, "relations_without_target": 2}
    table = markdown([stats])
    assert "| 2 | 2 | 3 | 2 | 5 | 3 | 3 |" in table
    assert "entities_not_encoded 2" in table


def test_reader_from_a_config_needs_no_encoder():
    reader = build_reader(str(CONFIG), {"overlap_policy": "keep_first"})  # options override the config's
    assert reader._overlap_policy == "keep_first"
    assert corpus_statistics(reader, str(FIXTURES / "conll04_like.json"))["sentences"] == 12


def test_cli_subcommand_on_conll04_test(tmp_path):
    path = shared_file("conll04/spert-json/conll04_test.json")
    result = subprocess.run([ALLENNLP, "corpus-stats", "spert_json", str(path), "--json"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    (stats,) = json.loads(result.stdout)
    assert stats["sentences"] == 288
    assert sum(stats["entities"].values()) == 1079 and sum(stats["relations"].values()) == 422
    assert stats["entities"]["Other"] == 133 and stats["relations"]["Kill"] == 47
