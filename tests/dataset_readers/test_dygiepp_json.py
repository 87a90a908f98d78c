import json

import pytest
from allennlp.common import Params
from allennlp.data import DatasetReader

from joint_ner_re.data.sentence import Entity, Relation
from joint_ner_re.dataset_readers.ace_standoff import AceStandoffReader
from joint_ner_re.dataset_readers.dygiepp_json import DygieppJsonReader
from tests.conftest import FIXTURES, nonzero, sentences as sentences_of

SAMPLE = FIXTURES / "formats" / "ace05_dygiepp_json"
LSTM_ER = FIXTURES / "formats" / "ace05_lstm_er"


def sentences(reader, path):
    return sentences_of(reader.read(path))


def content(sentence):
    return sentence.words, sentence.entities, sentence.relations, sentence.document, sentence.extra["sentence_index"]


def origin(content_of_a_sentence):
    return content_of_a_sentence[3:]


def test_sample_spans_become_sentence_level_and_end_exclusive():
    reader = DygieppJsonReader()
    read = list(reader.read(SAMPLE / "train.json"))
    assert nonzero(reader.counts) == {"sentences": 5, "entities": 8, "relations": 3}
    last = read[4]["metadata"]["sentence"]
    # document indices 30..30, 19..19, 20..20, 22..23 in a sentence that starts at token 19, in .ann order
    assert last.entities == [Entity(11, 12, "PER"), Entity(0, 1, "VEH"), Entity(1, 2, "PER"), Entity(3, 5, "PER")]
    assert last.relation_spans() == [(Entity(1, 2, "PER"), Entity(0, 1, "VEH"), "ART")]
    assert last.document == "FAKE_NW_20250301.0007" and last.extra == {"sentence_index": 4}
    assert last.source.endswith("train.json: line 1, sentence 4")
    assert read[4]["tags"].labels[:5] == ["S-VEH", "S-PER", "O", "B-PER", "E-PER"]


@pytest.mark.parametrize("split", ["train", "test"])
def test_same_sentences_as_ace_standoff_on_the_same_documents(split):
    """The DyGIE JSON is what dygiepp makes of the LSTM-ER split files: both readers must agree."""
    dygiepp = sentences(DygieppJsonReader(), SAMPLE / f"{split}.json")
    standoff = sentences(AceStandoffReader(), LSTM_ER / "split" / split)
    assert [content(s) for s in dygiepp] == [content(s) for s in standoff]
    assert any(s.relations for s in dygiepp)


def test_dataset_field_is_kept_in_extra(tmp_path):
    document = json.loads((SAMPLE / "test.json").read_text())
    (tmp_path / "test.json").write_text(json.dumps({**document, "dataset": "ace05"}) + "\n")
    plain = sentences(DygieppJsonReader(), SAMPLE / "test.json")
    tagged = sentences(DygieppJsonReader(), tmp_path / "test.json")
    assert [content(s) for s in plain] == [content(s) for s in tagged]
    assert {s.extra["dataset"] for s in tagged} == {"ace05"}


def shift(entry, by):
    """A ner or relation entry with its token indices moved by ``by``."""
    return [index + by for index in entry[:-1]] + entry[-1:]


def collate(documents, per_document):
    """Regroup sentences by length into int-keyed pseudo-documents, as dygiepp's collate.py lays them out."""
    flat = []
    for document in documents:
        start = 0
        for index, words in enumerate(document["sentences"]):
            ner = [shift(entry, -start) for entry in document["ner"][index]]
            relations = [shift(entry, -start) for entry in document["relations"][index]]
            flat.append((words, ner, relations, document["doc_key"], index))
            start += len(words)
    flat.sort(key=lambda entry: len(entry[0]))
    collated = []
    for number in range(0, len(flat), per_document):
        fields = {"sentences": [], "ner": [], "relations": [], "_orig_doc_key": [], "_orig_sent_ix": []}
        offset = 0
        for words, ner, relations, doc_key, index in flat[number : number + per_document]:
            fields["sentences"].append(words)
            fields["ner"].append([shift(entry, offset) for entry in ner])
            fields["relations"].append([shift(entry, offset) for entry in relations])
            fields["_orig_doc_key"].append(doc_key)
            fields["_orig_sent_ix"].append(index)
            offset += len(words)
        collated.append({"doc_key": number // per_document, "dataset": "ace05", **fields})
    return collated


def test_collated_form_gives_the_original_sentences_back(tmp_path):
    documents = [json.loads((SAMPLE / f"{split}.json").read_text()) for split in ("train", "test")]
    path = tmp_path / "collated.json"
    path.write_text("".join(json.dumps(document) + "\n" for document in collate(documents, per_document=3)))
    collated = sentences(DygieppJsonReader(), path)
    original = [s for split in ("train", "test") for s in sentences(DygieppJsonReader(), SAMPLE / f"{split}.json")]
    assert sorted(map(content, collated), key=origin) == sorted(map(content, original), key=origin)
    assert {s.extra["collated_doc_key"] for s in collated} == {0, 1, 2}


def test_quirks_are_merged_or_skipped_and_counted():
    reader = DatasetReader.from_params(Params({"type": "dygiepp_json"}))
    assert isinstance(reader, DygieppJsonReader)
    first, second, third = sentences(reader, FIXTURES / "dygiepp_json" / "quirks.jsonl")
    # ORG 3..4 twice (merged); PER 5..6 reaches into sentence 1 (skipped); GPE on the ORG span stays an entity
    assert first.entities == [Entity(0, 2, "PER"), Entity(3, 5, "ORG"), Entity(3, 5, "GPE")]
    # the duplicate ORG-AFF is merged, PHYS to sentence 1 and ART from the non-entity "joined" are skipped;
    # an argument on the ORG/GPE span takes the first entity (ORG)
    assert first.relations == [Relation(0, 1, "ORG-AFF")]
    assert second.relation_spans() == [(Entity(0, 1, "PER"), Entity(3, 4, "GPE"), "PHYS")]
    assert third.document == "QUIRK_2" and third.extra == {"sentence_index": 0, "dataset": "synth"}
    assert nonzero(reader.counts) == {
        "sentences": 3, "entities": 5, "relations": 2,
        "entities_not_encoded": 1,  # GPE on the ORG span
        "duplicate_entities_merged": 1,
        "duplicate_relations_merged": 1,
        "entities_skipped_outside_their_sentence": 1,
        "entity_spans_with_several_types": 1,
        "relations_skipped_across_sentences": 1,
        "relations_skipped_with_argument_not_an_entity": 1,
        "documents_without_relations": 1,
    }


GOOD = {"sentences": [["Ana", "met"], ["Bo", "."]], "ner": [[[0, 0, "PER"]], [[2, 2, "PER"]]], "relations": [[], []],
        "doc_key": "d"}


def broken(**changes):
    return json.dumps({**GOOD, **changes})


@pytest.mark.parametrize(
    "second_line, message",
    [
        ('{"sentences": [["a"]], "doc_key": ', r"bad\.json: line 2: invalid JSON"),
        ("7", r"bad\.json: line 2: expected a JSON object per line"),
        (broken(sentences=["Ana", "met"]), r'line 2: expected "sentences" as a list of token lists'),
        (json.dumps({key: value for key, value in GOOD.items() if key != "doc_key"}), r'line 2: expected a "doc_key"'),
        (broken(ner=[[]]), r'line 2: expected "ner" as a list with one entry per sentence \(2\)'),
        (broken(relations={"0": []}), r'line 2: expected "relations" as a list with one entry per sentence'),
        (broken(_orig_doc_key=["d"]), r'line 2: expected "_orig_doc_key" as a list with one entry per sentence'),
        (broken(ner=[7, []]), r'line 2, sentence 0: expected "ner" of a sentence as a list, got 7'),
        (broken(ner=[[[0, "PER"]], []]), r"line 2, sentence 0: expected ner entries as \[start, end, TYPE\]"),
        (broken(ner=[[[True, 0, "PER"]], []]), r"line 2, sentence 0: expected ner entries as \[start, end, TYPE\]"),
        (broken(ner=[[], [[2, 4, "PER"]]]), r"line 2, sentence 1: ner span \[2, 4\] does not fit the document of 4"),
        (broken(ner=[[[-1, 0, "PER"]], []]), r"line 2, sentence 0: ner span \[-1, 0\] does not fit"),
        (broken(ner=[[[1, 0, "PER"]], []]), r"line 2, sentence 0: ner span \[1, 0\] does not fit"),
        (broken(relations=[[[0, 0, 2, "R"]], []]), r"sentence 0: expected relation entries as \[start1, end1, start2"),
        (broken(relations=[[[0, 0, 2, 2, 5]], []]), r"sentence 0: expected relation entries as"),
        (broken(relations=[[[0, 0, 9, 9, "R"]], []]), r"line 2, sentence 0: relation argument \[9, 9\] does not fit"),
        (broken(sentences=[["Ana", "met"], [""]], ner=[[], []]), r"line 2, sentence 1: expected a non-empty list of"),
    ],
)
def test_broken_files_name_file_line_and_expectation(tmp_path, second_line, message):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(GOOD) + "\n" + second_line + "\n")
    with pytest.raises(ValueError, match=message):
        list(DygieppJsonReader().read(path))


def test_a_file_that_is_not_utf8_names_file_and_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_bytes(json.dumps(GOOD).encode() + b"\n" + json.dumps(GOOD).replace("Bo", "B\xf6").encode("latin-1"))
    with pytest.raises(ValueError, match=r"bad\.json: line 2: expected UTF-8 text"):
        list(DygieppJsonReader().read(path))
