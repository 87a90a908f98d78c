import json

from joint_ner_re.dataset_readers import SpertJsonReader
from joint_ner_re.writers import write_spert_json
from tests.conftest import FIXTURES, sentences as sentences_of


def sentences(path):
    return sentences_of(SpertJsonReader().read(path))


def test_round_trip_gives_the_same_records(tmp_path):
    for name in ("conll04_like.json", "overlapping.json"):
        original = sentences(FIXTURES / name)
        assert write_spert_json(original, tmp_path / name) == len(original)
        again = sentences(tmp_path / name)
        assert [(s.words, s.entities, s.relations, s.extra) for s in again] == [
            (s.words, s.entities, s.relations, s.extra) for s in original
        ]


def test_output_is_the_spert_layout(tmp_path):
    write_spert_json(sentences(FIXTURES / "conll04_like.json")[:1], tmp_path / "out.json")
    (document,) = json.loads((tmp_path / "out.json").read_text())
    assert document["entities"][0] == {"type": "Peop", "start": 0, "end": 2}
    assert document["relations"][0] == {"type": "Work_For", "head": 0, "tail": 1}
    assert document["orig_id"] == 0
