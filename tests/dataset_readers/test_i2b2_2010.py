import pytest
from allennlp.common import Params
from allennlp.data import DatasetReader

from joint_ner_re.data.sentence import Entity, Relation
from joint_ner_re.dataset_readers.i2b2_2010 import I2b2RelationReader
from tests.conftest import FIXTURES, nonzero, sentences

SAMPLE = FIXTURES / "formats" / "i2b2_2010"
QUIRKS = FIXTURES / "i2b2_2010"


def test_sample_record_every_line_a_sentence_relations_as_written():
    reader = I2b2RelationReader()
    instances = list(reader.read(SAMPLE))
    assert nonzero(reader.counts) == {"sentences": 12, "entities": 14, "relations": 6}
    assert [s.extra["line"] for s in sentences(instances)] == list(range(1, 13))
    assert sentences(instances)[0].entities == []  # "Admission Date :" is a negative sentence, kept
    # line 10: "He developed a rash after taking amoxicillin ." -- the treatment is written first, so it is the head
    line_10 = instances[9]
    assert [t.text for t in line_10["tokens"].tokens][-2:] == ["amoxicillin", "."]
    assert line_10["tags"].labels == ["O", "O", "B-problem", "E-problem", "O", "O", "S-treatment", "O"]
    assert list(zip(line_10["relations"].indices, line_10["relations"].labels)) == [((6, 3), "TrCP")]
    sentence = sentences(instances)[9]
    assert sentence.relations == [Relation(1, 0, "TrCP")]
    assert sentence.document == "record-fake-042" and sentence.extra == {"line": 10}
    assert sentence.source.endswith("txt/record-fake-042.txt: line 10")
    # PIP: problem -> problem, the first written is the head
    assert sentences(instances)[3].relation_spans() == [(Entity(9, 10, "problem"), Entity(11, 14, "problem"), "PIP")]


def test_every_quirk_is_counted_and_offsets_win_over_the_quoted_text():
    reader = I2b2RelationReader()
    found = sentences(reader.read(QUIRKS / "train"))
    assert nonzero(reader.counts) == {
        "sentences": 5, "entities": 6, "relations": 3,
        "blank_lines_skipped": 1,  # line 2
        "duplicate_entities_merged": 1, "duplicate_relations_merged": 1,  # "chest pain", aspirin TrAP chest pain
        "entities_skipped_across_sentences": 1,  # "a large mass" 4:9 5:1 (a sentence is a line)
        "relations_skipped_with_skipped_argument": 1,
        "entity_texts_differing_from_their_tokens": 2,  # "her oedema" over "her edema", in the .con and the .rel
        "relations_skipped_with_argument_not_an_entity": 2,  # "improved" is no concept; nausea is no treatment
        "relations_skipped_across_sentences": 1,
    }
    assert [s.extra["line"] for s in found] == [1, 3, 4, 5, 6]
    line_4 = found[2]
    assert line_4.entities == [Entity(3, 4, "problem"), Entity(5, 8, "test")]
    assert line_4.relations == [Relation(1, 0, "TeRP")]  # test -> problem, as written
    assert found[4].entities[1] == Entity(2, 4, "problem")  # the offsets of "her oedema" are kept


def test_lines_without_concepts_can_be_left_out_and_are_counted():
    reader = I2b2RelationReader(keep_sentences_without_entities=False)
    found = sentences(reader.read(QUIRKS / "train"))
    assert [s.extra["line"] for s in found] == [3, 4, 6]
    assert reader.counts["sentences_without_entities_left_out"] == 2  # line 1; line 5 held only a multi-line concept


def test_record_list_spans_training_and_test_layouts():
    reader = I2b2RelationReader()
    found = sentences(reader.read(QUIRKS / "fold0"))
    assert [(s.document, s.extra["line"]) for s in found] == [
        ("train/quirks-001", 1), ("train/quirks-001", 3), ("train/quirks-001", 4), ("train/quirks-001", 5),
        ("train/quirks-001", 6), ("test/0001", 1),
    ]
    assert found[-1].relations == [Relation(0, 1, "TrIP")]
    assert "test_data/0001.txt: line 1" in found[-1].source


def test_listed_ids_are_found_in_sub_folders_and_a_record_named_twice_is_read_once(tmp_path):
    (tmp_path / "ids").write_text("quirks-001\n0001\n")
    reader = I2b2RelationReader(corpus_dir=str(QUIRKS))
    found = sentences(reader.read([tmp_path / "ids", QUIRKS / "fold0"]))
    assert [s.source.split("i2b2_2010/")[1] for s in found][-1] == "test/test_data/0001.txt: line 1"
    assert len(found) == 6 and reader.counts["duplicate_documents_skipped"] == 2


def test_built_from_params_with_its_own_folder_names(tmp_path):
    reader = DatasetReader.from_params(Params({
        "type": "i2b2_2010",
        "text_folders": ["test_data"],
        "concept_folders": ["reference_standard_for_test_data/concepts"],
        "relation_folders": ["reference_standard_for_test_data/rel"],
        "corpus_dir": str(QUIRKS),
    }))
    assert isinstance(reader, I2b2RelationReader)
    (tmp_path / "only-test").write_text("test/0001\n")
    assert len(list(reader.read(tmp_path / "only-test"))) == 1


def write_record(root, txt="Aspirin helps the pain .\nShe is well .\n", con="", rel=""):
    for folder, extension, content in (("txt", "txt", txt), ("concept", "con", con), ("rel", "rel", rel)):
        (root / folder).mkdir(parents=True, exist_ok=True)
        if content is not None:
            (root / folder / f"rec.{extension}").write_bytes(content.encode() if isinstance(content, str) else content)


ASPIRIN = 'c="aspirin" 1:0 1:0||t="treatment"\n'
PAIN = 'c="the pain" 1:2 1:3||t="problem"\n'


@pytest.mark.parametrize(
    "con, rel, message",
    [
        ('c="aspirin" 1:x 1:0||t="treatment"\n', "",
         r'concept/rec\.con: line 1: expected c="<text>" LINE:TOKEN LINE:TOKEN\|\|t="<type>"'),
        (ASPIRIN + 'c="pain" 1:3 1:5||t="problem"\n', "",
         r"rec\.con: line 2: 1:5 is outside the text \(line 1 has 5 tokens\); expected LINE:TOKEN"),
        ('\n\nc="x" 3:0 3:0||t="problem"\n', "", r"rec\.con: line 3: 3:0 is outside the text \(the text has 2 lines\)"),
        ('c="the pain" 1:3 1:2||t="problem"\n', "", r"rec\.con: line 1: expected the concept's start 1:3 not to come"),
        ('c="aspirin" 1:0 1:0||t="drug"\n', "", r"rec\.con: line 1: expected a concept type in \('problem'"),
        ('c="aspirin" 1:0 1:0\n', "", r"rec\.con: line 1: expected a concept line"),
        (ASPIRIN + PAIN, 'c="aspirin" 1:0 1:0||c="the pain" 1:2 1:3\n',
         r'rel/rec\.rel: line 1: expected a relation line c="<text>" LINE:TOKEN LINE:TOKEN\|\|r="<type>"'),
        (ASPIRIN + PAIN, 'c="aspirin" 1:0 1:0||r="TrXX"||c="the pain" 1:2 1:3\n',
         r"rec\.rel: line 1: expected a relation type in \['PIP', 'TeCP'"),
        (ASPIRIN + PAIN, '\nc="aspirin" 1:0 1:0||r="TrAP"||c="the pain" 1:2 1:9\n',
         r"rec\.rel: line 2: 1:9 is outside the text \(line 1 has 5 tokens\)"),
        (ASPIRIN, None, r"expected the file .*rel/rec\.rel of record 'rec'"),
    ],
)
def test_broken_records_name_file_line_and_expectation(tmp_path, con, rel, message):
    write_record(tmp_path, con=con, rel=rel)
    with pytest.raises(ValueError, match=message):
        list(I2b2RelationReader().read(tmp_path))


def test_windows_line_endings_are_read(tmp_path):
    write_record(
        tmp_path, txt="Aspirin helps the pain .\r\n", con=(ASPIRIN + PAIN).replace("\n", "\r\n"),
        rel='c="aspirin" 1:0 1:0||r="TrAP"||c="the pain" 1:2 1:3\r\n',
    )
    reader = I2b2RelationReader()
    (sentence,) = sentences(reader.read(tmp_path))
    assert sentence.words[-1] == "." and sentence.relations == [Relation(0, 1, "TrAP")]
    assert nonzero(reader.counts) == {"sentences": 1, "entities": 2, "relations": 1}


def test_undecodable_text_names_its_line(tmp_path):
    write_record(tmp_path, txt=b"Aspirin helps .\nShe is \xff well .\n")
    with pytest.raises(ValueError, match=r"txt/rec\.txt: line 2: expected UTF-8 text"):
        list(I2b2RelationReader().read(tmp_path))


def test_a_folder_that_is_no_record_root_is_named(tmp_path):
    with pytest.raises(ValueError, match=r"expected exactly one of the folders \['txt', 'test_data'\] .* found none"):
        list(I2b2RelationReader().read(tmp_path))
    (tmp_path / "txt").mkdir()
    (tmp_path / "test_data").mkdir()
    with pytest.raises(ValueError, match=r"found \['txt', 'test_data'\] \(set the reader option text_folders"):
        list(I2b2RelationReader().read(tmp_path))


def test_a_listed_record_that_is_absent_names_the_list_line(tmp_path):
    write_record(tmp_path / "beth")
    (tmp_path / "fold").write_text("beth/rec\n\nbeth/missing\n")
    with pytest.raises(ValueError, match=r"fold: line 3: expected the file .*beth/txt/missing\.txt of record"):
        list(I2b2RelationReader().read(tmp_path / "fold"))
