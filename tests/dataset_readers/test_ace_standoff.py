import logging

import pytest
from allennlp.common import Params
from allennlp.data import DatasetReader

from joint_ner_re.data.sentence import Entity, Relation
from joint_ner_re.dataset_readers.ace_standoff import AceStandoffReader
from tests.conftest import FIXTURES, sentences as sentences_of, shared_file

OWN = FIXTURES / "ace_standoff"


def sentences(reader, path):
    return sentences_of(reader.read(path))


def test_lstm_er_sample_through_a_split_list_and_the_default_corpus_dir():
    reader = AceStandoffReader()
    read = list(reader.read(shared_file("format-samples/ace05-lstm-er/split/test")))
    # header lines (doc id, NEWS STORY, date) are sentences too, as in the DyGIE JSON made from the same files
    assert len(read) == 6
    last = read[5]
    assert [t.text for t in last["tokens"].tokens] == "Her brother Tom Alder runs the mill in Greyford .".split()
    assert last["tags"].labels == ["S-PER", "S-PER", "B-PER", "E-PER", "O", "O", "S-FAC", "O", "S-GPE", "O"]
    sentence = last["metadata"]["sentence"]
    assert sentence.relation_spans() == [
        (Entity(1, 2, "PER"), Entity(0, 1, "PER"), "PER-SOC"),  # Arg1 -> Arg2 as annotated
        (Entity(2, 4, "PER"), Entity(6, 7, "FAC"), "ART"),
        (Entity(6, 7, "FAC"), Entity(8, 9, "GPE"), "PART-WHOLE"),
    ]
    assert sentence.document == "SYNTH_ENG_20240102.0002"
    assert sentence.extra == {"sentence_index": 5, "char_offset": 113}
    assert sentence.source.endswith("corpus/test/SYNTH_ENG_20240102.0002.split.txt: line 6")
    assert (reader.counts["sentences"], reader.counts["entities"], reader.counts["relations"]) == (6, 7, 4)
    assert not any(name.endswith(("skipped", "merged", "expanded_to_token_boundaries")) for name in reader.counts)


def test_folder_and_list_of_paths_read_the_same_documents():
    sample = shared_file("format-samples/ace05-lstm-er")
    by_list = sentences(AceStandoffReader(), [sample / "split/train", sample / "split/test"])
    by_folder = sentences(AceStandoffReader(), [sample / "corpus/train", sample / "corpus/test"])
    assert [(s.words, s.entities, s.relations, s.document, s.extra) for s in by_list] == [
        (s.words, s.entities, s.relations, s.document, s.extra) for s in by_folder
    ]
    assert len(by_list) == 12


def test_built_from_params_by_its_registered_name():
    reader = DatasetReader.from_params(
        Params({"type": "ace_standoff", "corpus_dir": str(OWN / "corpus"), "overlap_policy": "keep_first"})
    )
    assert isinstance(reader, AceStandoffReader)
    assert [s.document for s in sentences(reader, OWN / "split/b")] == ["DOC_B", "DOC_B"]


def test_misaligned_spans_cross_sentence_annotations_and_duplicates_are_repaired_or_skipped_and_counted(caplog):
    reader = AceStandoffReader()
    with caplog.at_level(logging.INFO):
        read = sentences(reader, OWN / "split/all")
    assert [s.words for s in read] == [
        "Acme Corp hired Ana Diaz .".split(),
        "She works for Oslo-based Nordia .".split(),
        "Ana Diaz visited Bergen .".split(),
        "Bergen is in Norway .".split(),  # after the skipped blank line 4
        ["DOC_B"],
        "Nothing happened here .".split(),  # DOC_B is found in the sub-folder corpus/test
    ]
    first, second, third, fourth = read[:4]
    # T3 repeats T2 (same span and type): merged, so R2 repeats R1 and is merged too
    assert first.entities == [Entity(0, 2, "ORG"), Entity(3, 5, "PER")]
    assert first.relations == [Relation(1, 0, "ORG-AFF")]
    # T5 "Oslo" ends inside the token "Oslo-based": expanded to it
    assert second.entities == [Entity(0, 1, "PER"), Entity(3, 4, "GPE"), Entity(4, 5, "ORG")]
    assert second.relations == [Relation(0, 2, "ORG-AFF"), Relation(2, 1, "GEN-AFF")]
    # T9 crosses into line 5 and T10 is a single space: both skipped; R6 (sentences 2 and 3) and R7 (on T9) skipped
    assert third.entities == [Entity(0, 2, "PER"), Entity(3, 4, "GPE")]
    assert third.relations == [Relation(0, 1, "PHYS")]
    # R8 writes Arg2 before Arg1: still Arg1 -> Arg2
    assert fourth.relation_spans() == [(Entity(0, 1, "GPE"), Entity(3, 4, "GPE"), "PART-WHOLE")]
    assert fourth.document == "DOC_A" and fourth.extra == {"sentence_index": 4, "char_offset": 88}
    expected = {
        "duplicate_entities_merged": 1,
        "duplicate_relations_merged": 1,
        "entity_spans_expanded_to_token_boundaries": 1,
        "entities_skipped_crossing_sentences": 1,
        "entities_skipped_touching_no_token": 1,
        "relations_skipped_across_sentences": 1,
        "relations_skipped_with_a_skipped_argument": 1,
        "blank_lines_skipped": 1,
    }
    assert {name: reader.counts[name] for name in expected} == expected
    assert "entity_spans_expanded_to_token_boundaries: 1" in caplog.text


def test_a_document_listed_twice_is_read_once_and_counted():
    reader = AceStandoffReader()
    read = sentences(reader, [OWN / "split/all", OWN / "split/b"])
    assert len(read) == 6
    assert reader.counts["duplicate_documents_skipped"] == 1


def write_corpus(tmp_path, text, annotations, listed="D\n"):
    (tmp_path / "split").mkdir()
    (tmp_path / "corpus").mkdir()
    (tmp_path / "split" / "docs").write_text(listed)
    (tmp_path / "corpus" / "D.split.txt").write_text(text)
    if annotations is not None:
        (tmp_path / "corpus" / "D.split.ann").write_text(annotations)
    return tmp_path / "split" / "docs"


TEXT = "Ana met Bo .\nBo left .\n"


@pytest.mark.parametrize(
    "annotations, message",
    [
        ("T1\tPER 0 3\tAna\nT2\tPER 8\tBo\n",
         r"D\.split\.ann: line 2: expected 'T<id>\\t<TYPE> <start> <end>\\t<surface>'"),
        ("T1\tPER 0 x\tAna\n", r"D\.split\.ann: line 1: expected 'T<id>"),
        ("T1\tPER 0 3\n", r"D\.split\.ann: line 1: expected 'T<id>"),
        ("T1\tPER 0 3\tAna\nE1\tMeet:T1\n", r"D\.split\.ann: line 2: expected 'T<id>.* or 'R<id>"),
        ("T1\tPER 0 3\tAna\nR1\tPER-SOC Arg1:T1 Arg2:T7\n", r"D\.split\.ann: line 2: argument T7 is not a T id"),
        ("T1\tPER 0 3\tAna\nR1\tPER-SOC Arg1:T1 T1\n", r"D\.split\.ann: line 2: expected 'T<id>"),
        ("T1\tPER 0 3\tAna\nR1\tPER-SOC Arg1:T1 Arg1:T1\n", r"line 2: expected one Arg1 and one Arg2"),
        ("T1\tPER 20 30\tx\n", r"D\.split\.ann: line 1: offsets 20 30 do not fit a text of 23 characters"),
        ("T1\tPER 3 0\t\n", r"line 1: offsets 3 0 do not fit"),
        ("T1\tPER 0 3\tBob\n", r"line 1: the text at 0-3 is 'Ana', expected the surface 'Bob'"),
        ("T1\tPER 0 3\tAna\nT1\tPER 8 10\tBo\n", r"line 2: id T1 is already used on line 1"),
    ],
)
def test_broken_annotation_files_name_file_line_and_expectation(tmp_path, annotations, message):
    with pytest.raises(ValueError, match=message):
        list(AceStandoffReader().read(write_corpus(tmp_path, TEXT, annotations)))


@pytest.mark.parametrize(
    "listed, annotations, corpus_dir, message",
    [
        ("D\nMISSING\n", "", "../corpus", r"docs: line 2: expected document 'MISSING' as MISSING\.split\.txt in"),
        ("D\n", None, "../corpus", r"D\.split\.txt: expected its annotations in .*D\.split\.ann"),
        ("\n\n", "", "../corpus", r"docs: expected one document id per line, found none"),
        ("D\n", "", "../documents", r"docs: expected the documents it lists in corpus_dir '\.\./documents'"),
    ],
)
def test_broken_corpora_name_the_list_line_or_file(tmp_path, listed, annotations, corpus_dir, message):
    path = write_corpus(tmp_path, TEXT, annotations, listed)
    with pytest.raises(ValueError, match=message):
        list(AceStandoffReader(corpus_dir=corpus_dir).read(path))


def test_missing_path_and_empty_folder_say_what_was_expected(tmp_path):
    with pytest.raises(ValueError, match="nowhere: no such file or folder; expected a document-id list file"):
        list(AceStandoffReader().read(tmp_path / "nowhere"))
    with pytest.raises(ValueError, match=r"expected documents named DOC\.split\.txt in this folder, found none"):
        list(AceStandoffReader().read(tmp_path))


def test_configurable_extensions_and_an_absolute_corpus_dir(tmp_path):
    (tmp_path / "documents").mkdir()
    (tmp_path / "lists").mkdir()
    (tmp_path / "documents" / "D.tok").write_text(TEXT)
    annotations = "T1\tPER 0 3\tAna\nT2\tPER 8 10\tBo\nR1\tPER-SOC Arg1:T1 Arg2:T2\n"
    (tmp_path / "documents" / "D.standoff").write_text(annotations)
    (tmp_path / "lists" / "docs").write_text("D\n")
    reader = AceStandoffReader(
        corpus_dir=str(tmp_path / "documents"), text_extension=".tok", annotation_extension=".standoff"
    )
    first, second = sentences(reader, tmp_path / "lists" / "docs")
    assert first.relation_spans() == [(Entity(0, 1, "PER"), Entity(2, 3, "PER"), "PER-SOC")]
    assert second.words == ["Bo", "left", "."] and second.entities == []


def test_an_empty_span_touches_no_token_even_inside_a_word(tmp_path):
    reader = AceStandoffReader()
    (sentence, _) = sentences(reader, write_corpus(tmp_path, TEXT, "T1\tPER 1 1\t\nR1\tPER-SOC Arg1:T1 Arg2:T1\n"))
    assert sentence.entities == [] and sentence.relations == []
    assert reader.counts["entities_skipped_touching_no_token"] == 1
    assert reader.counts["relations_skipped_with_a_skipped_argument"] == 1


def test_a_file_that_is_not_utf8_names_its_line(tmp_path):
    path = write_corpus(tmp_path, TEXT, "T1\tPER 0 3\tAna\n")
    (tmp_path / "corpus" / "D.split.ann").write_bytes(b"T1\tPER 0 3\tAna\nT2\tPER 8 10\tB\xff\n")
    with pytest.raises(ValueError, match=r"D\.split\.ann: line 2: expected UTF-8 text"):
        list(AceStandoffReader().read(path))
