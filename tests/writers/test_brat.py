"""Round trips: any reader's records -> BRAT -> the brat reader gives the same records."""
import pytest
from allennlp.common import Params
from allennlp.data import DatasetReader

from joint_ner_re.data.sentence import Entity, Relation, Sentence
from joint_ner_re.dataset_readers import SpertJsonReader
from joint_ner_re.writers import SPACE_TOKENIZER, to_brat, write_brat
from tests.conftest import FIXTURES, shared_file


def brat_reader():
    return DatasetReader.from_params(Params({"type": "brat", "tokenizer": dict(SPACE_TOKENIZER)}))


def records(reader, path):
    return [(s.words, s.entities, s.relations) for s in (i["metadata"]["sentence"] for i in reader.read(path))]


def test_standoff_offsets_point_at_the_words():
    sentence = Sentence(["Ann", "Lee", "lives", "in", "Oslo", "."], [Entity(0, 2, "Peop"), Entity(4, 5, "Loc")],
                        [Relation(0, 1, "Live_In")])
    document = to_brat([sentence, Sentence(["Hi", "."])])
    assert document["txt"] == "Ann Lee lives in Oslo .\nHi .\n"
    assert document["ann"] == "T1\tPeop 0 7\tAnn Lee\nT2\tLoc 17 21\tOslo\nR1\tLive_In Arg1:T1 Arg2:T2\n"


@pytest.mark.parametrize("name", ["conll04_like.json", "overlapping.json"])
def test_round_trip_through_the_brat_reader(tmp_path, name):
    original = records(SpertJsonReader(), FIXTURES / name)
    sentences = [i["metadata"]["sentence"] for i in SpertJsonReader().read(FIXTURES / name)]
    assert write_brat(sentences, tmp_path) == ["corpus"]
    assert records(brat_reader(), tmp_path) == original


def test_documents_are_kept_apart_and_must_be_consecutive(tmp_path):
    a = Sentence(["x"], document="A")
    b = Sentence(["y"], document="B")
    assert write_brat([a, a, b], tmp_path / "ok") == ["A", "B"]
    with pytest.raises(ValueError, match="not consecutive"):
        write_brat([a, b, a], tmp_path / "bad")


def test_words_with_whitespace_are_refused(tmp_path):
    with pytest.raises(ValueError, match="holds whitespace"):
        to_brat([Sentence(["New York"], source="f.json: line 1")])


def test_conll04_test_split_round_trip(tmp_path):
    path = shared_file("conll04/spert-json/conll04_test.json")
    sentences = [i["metadata"]["sentence"] for i in SpertJsonReader().read(path)]
    write_brat(sentences, tmp_path)
    assert records(brat_reader(), tmp_path) == [(s.words, s.entities, s.relations) for s in sentences]
