"""Round trips: any reader's records -> BRAT -> the brat reader gives the same records."""
import pytest
from allennlp.common import Params
from allennlp.data import DatasetReader

from joint_ner_re.data.sentence import Entity, Relation, Sentence
from joint_ner_re.dataset_readers import SpertJsonReader
from joint_ner_re.writers import SPACE_TOKENIZER, to_brat, write_brat
from joint_ner_re.writers.brat import brat_configuration, prediction_to_brat
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


def test_a_prediction_keeps_its_text_and_writes_scores_as_notes():
    text = "Ann Lee of New\nYork met Bo."
    output = {
        "text": text, "words": ["Ann", "Lee", "of", "New", "York", "met", "Bo", "."],
        "sentences": [{"start": 0, "end": 8, "char_start": 0, "char_end": 27}],
        "entities": [{"start": 0, "end": 2, "type": "Peop", "char_start": 0, "char_end": 7},
                     {"start": 3, "end": 5, "type": "Loc", "char_start": 11, "char_end": 19}],
        "relations": [{"head": 0, "tail": 1, "type": "Live_In", "score": 0.87654}],
    }
    document = prediction_to_brat(output)
    assert document["txt"] == text  # the document's own text: offsets as predicted
    assert document["ann"] == ("T1\tPeop 0 7\tAnn Lee\nT2\tLoc 11 19\tNew York\n"  # a line break inside: a space
                               "R1\tLive_In Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes R1\tscore 0.8765\n")


def test_a_prediction_on_words_is_laid_out_as_to_brat_does():
    output = {"words": ["Ann", "met", "Bo", "Hi"], "sentences": [{"start": 0, "end": 3}, {"start": 3, "end": 4}],
              "entities": [{"start": 0, "end": 1, "type": "Peop"}, {"start": 2, "end": 3, "type": "Peop"}],
              "relations": []}
    sentences = [Sentence(["Ann", "met", "Bo"], [Entity(0, 1, "Peop"), Entity(2, 3, "Peop")]), Sentence(["Hi"])]
    assert prediction_to_brat(output) == to_brat(sentences)
    with pytest.raises(ValueError, match="holds whitespace"):
        prediction_to_brat({**output, "words": ["Ann", "met", "B o", "Hi"]})


def test_the_configuration_lists_the_types_and_refuses_what_brat_cannot_name():
    conf = brat_configuration(["Loc", "Peop"], ["Live_In"])
    assert conf["annotation.conf"].startswith("[entities]\nLoc\nPeop\n\n[relations]\nLive_In\tArg1:<ENTITY>, Arg2:<ENTITY>\n")
    assert "Loc\tbgColor:#" in conf["visual.conf"] and "Peop\tbgColor:#" in conf["visual.conf"]
    with pytest.raises(ValueError, match="cannot be a brat type"):
        brat_configuration(["Adverse Effect"], [])
