"""ace_standoff: the brat reader with LSTM-ER's presets. What it shares with brat (line shapes, checks, counts) is
tested in test_brat.py; here, the presets and LSTM-ER's layout of folders and id lists."""
import logging

import pytest
from allennlp.common import Params
from allennlp.data import DatasetReader

from joint_ner_re.data.sentence import Entity, Relation
from joint_ner_re.data.whitespace_tokenizer import WhitespaceWithOffsetsTokenizer
from joint_ner_re.dataset_readers.ace_standoff import AceStandoffReader
from joint_ner_re.dataset_readers.brat import BratReader
from tests.conftest import FIXTURES, nonzero, sentences as sentences_of

LSTM_ER = FIXTURES / "formats" / "ace05_lstm_er"
QUIRKS = FIXTURES / "ace_standoff"


def sentences(reader, path):
    return sentences_of(reader.read(path))


def test_lstm_er_sample_through_a_split_list_and_the_default_corpus_dir():
    reader = AceStandoffReader()
    read = list(reader.read(LSTM_ER / "split/test"))  # ids looked up in ../corpus and its sub-folders
    assert nonzero(reader.counts) == {"sentences": 3, "entities": 11, "relations": 5}
    # the header line (doc id) is a sentence too, as in the DyGIE JSON made from the same files
    assert [t.text for t in read[0]["tokens"].tokens] == ["FAKE_BN_20250302.0003"]
    second = read[1]
    assert second["tags"].labels == ["S-PER", "B-PER", "E-PER", "O", "S-GPE", "O", "S-ORG", "S-PER", "O", "O",
                                     "S-GPE", "S-FAC", "O"]
    sentence = second["metadata"]["sentence"]
    # entities in .ann order (LSTM-ER lists mentions entity by entity), relations Arg1 -> Arg2 as annotated
    assert sentence.relation_spans() == [
        (Entity(1, 3, "PER"), Entity(4, 5, "GPE"), "ORG-AFF"),
        (Entity(7, 8, "PER"), Entity(6, 7, "ORG"), "ORG-AFF"),
        (Entity(7, 8, "PER"), Entity(11, 12, "FAC"), "PHYS"),
        (Entity(11, 12, "FAC"), Entity(10, 11, "GPE"), "PART-WHOLE"),
    ]
    assert sentence.document == "FAKE_BN_20250302.0003" and sentence.extra == {"sentence_index": 1}
    assert sentence.char_offsets[:3] == [(22, 27), (28, 31), (32, 40)]  # into the .split.txt
    assert sentence.source.endswith("corpus/test/FAKE_BN_20250302.0003.split.txt: line 2")


def test_folder_and_list_of_paths_read_the_same_documents():
    def records(path):
        return [(s.words, s.entities, s.relations, s.document, s.char_offsets, s.extra)
                for s in sentences(AceStandoffReader(), path)]

    by_list = records([LSTM_ER / "split/train", LSTM_ER / "split/test"])
    assert by_list == records([LSTM_ER / "corpus/train", LSTM_ER / "corpus/test"])
    assert len(by_list) == 8


def test_built_from_params_by_its_registered_name():
    reader = DatasetReader.from_params(
        Params({"type": "ace_standoff", "corpus_dir": str(QUIRKS / "corpus"), "overlap_policy": "keep_first"})
    )
    assert isinstance(reader, AceStandoffReader) and isinstance(reader, BratReader)
    assert [s.document for s in sentences(reader, QUIRKS / "split/b")] == ["DOC_B", "DOC_B"]


def test_brat_options_override_the_presets():
    reader = DatasetReader.from_params(Params({
        "type": "ace_standoff", "misaligned_spans": "split", "tokenizer": {"type": "whitespace_with_offsets"},
    }))
    second = sentences(reader, QUIRKS / "split/all")[1]
    assert second.words == "She works for Oslo -based Nordia .".split()  # split at the edge of T5 "Oslo"
    assert reader.counts["tokens_split_at_entity_edges"] == 1


def test_misaligned_spans_cross_sentence_annotations_and_duplicates_are_repaired_or_skipped_and_counted(caplog):
    reader = AceStandoffReader()
    with caplog.at_level(logging.INFO):
        read = sentences(reader, QUIRKS / "split/all")
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
    assert fourth.document == "DOC_A" and fourth.extra == {"sentence_index": 3}
    assert fourth.source.endswith("DOC_A.split.txt: line 5")
    assert nonzero(reader.counts) == {
        "sentences": 6, "entities": 9, "relations": 5,
        "duplicate_entities_merged": 1,
        "duplicate_relations_merged": 1,
        "entities_expanded_to_token_boundaries": 1,
        "entity_texts_differing_in_whitespace": 1,  # T9's surface has spaces where the text has line breaks
        "entities_skipped_across_sentences": 1,
        "blank_entities_skipped": 1,
        "relations_skipped_across_sentences": 1,
        "relations_skipped_with_skipped_argument": 1,
        "blank_lines_skipped": 1,
    }
    assert "entities_expanded_to_token_boundaries: 1" in caplog.text


def test_a_document_listed_twice_is_read_once_and_counted():
    reader = AceStandoffReader()
    read = sentences(reader, [QUIRKS / "split/all", QUIRKS / "split/b"])
    assert len(read) == 6
    assert reader.counts["duplicate_documents_skipped"] == 1


def test_tokens_are_split_on_single_spaces_only():
    tokenizer = AceStandoffReader()._segmenter._tokenizer
    assert isinstance(tokenizer, WhitespaceWithOffsetsTokenizer)
    assert [t.text for t in tokenizer.tokenize("It cost 3\u00a01/2 dollars")] == ["It", "cost", "3\u00a01/2", "dollars"]


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
    "listed, annotations, message",
    [
        ("D\nMISSING\n", "", r"docs: line 2: expected the file .*corpus/MISSING\.split\.txt of document 'MISSING'"),
        ("D\n", None, r"docs: line 1: expected the file .*corpus/D\.split\.ann of document 'D'"),
        ("\n\n", "", r"docs: expected one document id per line, found none"),
    ],
)
def test_broken_corpora_name_the_list_line_or_file(tmp_path, listed, annotations, message):
    path = write_corpus(tmp_path, TEXT, annotations, listed)
    with pytest.raises(ValueError, match=message):
        list(AceStandoffReader().read(path))


def test_a_corpus_dir_that_is_no_folder_is_named(tmp_path):
    path = write_corpus(tmp_path, TEXT, "")
    with pytest.raises(ValueError, match=r"docs: expected the documents it lists in corpus_dir '.*nowhere', but"):
        list(AceStandoffReader(corpus_dir=str(tmp_path / "nowhere")).read(path))
    (tmp_path / "corpus").rename(tmp_path / "documents")
    with pytest.raises(ValueError, match=r"docs: expected the documents it lists in '\.\./corpus' next to the list"):
        list(AceStandoffReader().read(path))


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


def test_an_empty_span_is_skipped_even_inside_a_word(tmp_path):
    reader = AceStandoffReader()
    (sentence, _) = sentences(reader, write_corpus(tmp_path, TEXT, "T1\tPER 1 1\t\nR1\tPER-SOC Arg1:T1 Arg2:T1\n"))
    assert sentence.entities == [] and sentence.relations == []
    assert reader.counts["blank_entities_skipped"] == 1
    assert reader.counts["relations_skipped_with_skipped_argument"] == 1


def test_a_file_that_is_not_utf8_names_its_line(tmp_path):
    path = write_corpus(tmp_path, TEXT, "T1\tPER 0 3\tAna\n")
    (tmp_path / "corpus" / "D.split.ann").write_bytes(b"T1\tPER 0 3\tAna\nT2\tPER 8 10\tB\xff\n")
    with pytest.raises(ValueError, match=r"D\.split\.ann: line 2: expected UTF-8 text"):
        list(AceStandoffReader().read(path))
