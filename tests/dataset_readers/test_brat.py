import re

import pytest
from allennlp.common import Params
from allennlp.common.checks import ConfigurationError
from allennlp.data import DatasetReader
from allennlp.data.tokenizers import Token, Tokenizer, WhitespaceTokenizer

from joint_ner_re.data.sentence import Entity, Relation
from joint_ner_re.dataset_readers.ace_standoff import AceStandoffReader
from joint_ner_re.dataset_readers.brat import BratReader
from tests.conftest import FIXTURES, nonzero, sentences

BRAT = FIXTURES / "brat"
DOC1_COUNTS = {
    "sentences": 5, "entities": 7, "relations": 5,
    # every unsupported line kind of doc1.ann, one count per line (A and M are both attributes)
    "events_skipped": 1, "event_triggers_skipped": 1, "discontinuous_entities_skipped": 1,
    "attributes_skipped": 2, "normalizations_skipped": 1, "equivalences_skipped": 1, "notes_skipped": 1,
    "relations_skipped_with_unsupported_argument": 2,  # R7 -> the discontinuous T9, R8 <- the event E1
    "entities_skipped_across_sentences": 1, "entity_texts_differing_in_whitespace": 1,  # T6 "New\nYork"
    "relations_skipped_with_skipped_argument": 1,  # R5 -> T6
    "relations_skipped_across_sentences": 1,  # R6: John Smith (line 2) -> Boston (line 1)
    "entities_trimmed_of_whitespace": 1,  # T12 " office"
    "tokens_split_at_entity_edges": 1,  # T2 "Acme" inside "AcmeCorp"
    "duplicate_entities_merged": 1, "duplicate_relations_merged": 1,  # T4 = T1, R3 = R2
    # R10: T1 -> T4, the same entity once merged: kept in the gold, as every reader keeps such a relation, and
    # without a training target (the model pairs distinct entities)
    "relations_without_target": 1,
}


def test_reads_entities_relations_and_counts_everything_it_does_not_keep():
    reader = BratReader()
    instances = list(reader.read(BRAT / "doc1.ann"))
    assert nonzero(reader.counts) == DOC1_COUNTS
    first = instances[0]
    assert [t.text for t in first["tokens"].tokens] == "Maria Lopez works for Acme Corp in Boston .".split()
    assert first["tags"].labels == ["B-Peop", "E-Peop", "O", "O", "S-Org", "O", "O", "S-Loc", "O"]
    found = sentences(instances)
    assert found[0].relations == [
        Relation(0, 1, "Work_For"), Relation(0, 2, "Live_In"), Relation(1, 2, "OrgBased_In"), Relation(0, 0, "Same_As")
    ]
    assert found[0].char_offsets[4:6] == [(22, 26), (26, 30)]
    assert found[0].document == "doc1" and found[0].extra == {"sentence_index": 0}
    assert found[1].entities == [Entity(2, 4, "Peop"), Entity(6, 7, "Org")] and found[1].relations == []
    assert [s.entities for s in found[2:4]] == [[], []]  # negative sentences are kept
    # line 5: the event trigger "caused" and the discontinuous "rash ... itching" are no entities
    assert found[4].entities == [Entity(0, 1, "Drug"), Entity(3, 5, "Adverse-Effect")]
    assert found[4].relations == [Relation(0, 1, "Adverse_Effect")]
    assert found[4].source == f"{BRAT / 'doc1.txt'}: line 5"


def test_expand_widens_the_entity_to_whole_tokens():
    reader = BratReader(misaligned_spans="expand")
    first = sentences(reader.read(BRAT / "doc1.txt"))[0]
    assert first.words[4] == "AcmeCorp" and first.entities[1] == Entity(4, 5, "Org")
    assert reader.counts["entities_expanded_to_token_boundaries"] == 1
    assert reader.counts["tokens_split_at_entity_edges"] == 0


def test_sentencizer_splits_lines_and_skips_relations_across_its_sentences():
    reader = BratReader(sentence_splitter="sentencizer")
    found = sentences(reader.read(BRAT / "doc2.ann"))
    assert [s.words for s in found] == ["Anna Berg lives in Oslo .".split(), "She works for Nordbank .".split()]
    assert found[0].relations == [Relation(0, 1, "Live_In")]
    assert found[1].entities == [Entity(3, 4, "Org")]
    assert reader.counts["relations_skipped_across_sentences"] == 1
    assert [s.extra["sentence_index"] for s in found] == [0, 1]


def test_folder_document_id_list_and_a_list_of_both():
    reader = BratReader()
    assert [s.document for s in sentences(reader.read(BRAT))] == ["doc1"] * 5 + ["doc2"]
    listed = sentences(reader.read(BRAT / "split_dev"))
    assert [s.document for s in listed] == ["doc2"] and len(listed[0].relations) == 2
    both = sentences(reader.read([BRAT / "split_dev", BRAT]))
    assert [s.document for s in both] == ["doc2"] + ["doc1"] * 5  # doc2, named twice, is read once
    assert reader.counts["duplicate_documents_skipped"] == 1


def test_listed_ids_are_looked_up_in_corpus_dir_and_its_sub_folders(tmp_path):
    (tmp_path / "train").mkdir()
    write_document(tmp_path / "train", MARIA)
    (tmp_path / "ids").write_text("doc\n")
    found = sentences(BratReader().read(tmp_path / "ids"))  # next to the list, then in its sub-folders
    assert [(s.document, s.source) for s in found] == [("doc", f"{tmp_path / 'train' / 'doc.txt'}: line 1")]
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "ids").write_text("doc\n")
    found = sentences(BratReader(corpus_dir=str(tmp_path)).read(tmp_path / "lists" / "ids"))
    assert [s.source for s in found] == [f"{tmp_path / 'train' / 'doc.txt'}: line 1"]


def test_sentences_without_entities_can_be_left_out_and_are_counted():
    reader = BratReader(keep_sentences_without_entities=False)
    assert len(list(reader.read(BRAT / "doc1.ann"))) == 3
    assert reader.counts["sentences_without_entities_left_out"] == 2


def test_built_from_params_with_another_tokenizer():
    reader = DatasetReader.from_params(Params({
        "type": "brat", "tokenizer": {"type": "letters_digits"}, "sentence_splitter": "sentencizer",
    }))
    assert isinstance(reader, BratReader)
    found = sentences(reader.read(BRAT / "doc2.ann"))
    assert found[1].words == "She works for Nordbank .".split()


def write_document(root, ann, txt="Maria Lopez works for Acme .\n"):
    (root / "doc.txt").write_bytes(txt if isinstance(txt, bytes) else txt.encode())
    (root / "doc.ann").write_text(ann)


MARIA = "T1\tPeop 0 11\tMaria Lopez\n"


@pytest.mark.parametrize(
    "ann, message",
    [
        ("T1\tPeop 0 x\tMaria Lopez\n", r"doc\.ann: line 1: expected integer character offsets START END"),
        ("T1\tPeop 0 5;x\tMaria\n", r"doc\.ann: line 1: expected integer character offsets"),
        (MARIA + "T2\tOrg 22 99\tAcme\n",
         r"doc\.ann: line 2: offsets 22 99 do not fit the text of 29 characters \(expected 0 <= START <= END"),
        ("T1\tPeop 5 4\t\n", r"doc\.ann: line 1: offsets 5 4 do not fit"),
        (MARIA + "R1\tWork_For Arg1:T1 Arg2:T7\n",
         r"doc\.ann: line 2: relation argument 'T7' is not a T or E id defined in .*doc\.ann"),
        (MARIA + "R1\tWork_For T1 T2\n", r"doc\.ann: line 2: expected a relation line R<id>\\t<TYPE> Arg1:<id> Arg2"),
        (MARIA + "R1\tWork_For Arg1:T1 Arg1:T1\n", r"doc\.ann: line 2: expected a relation line"),
        (MARIA + "R1\tWork_For Arg1:T1\n", r"doc\.ann: line 2: expected a relation line"),
        ("T1\tPeop 0 11\tMaria Lopes\n",
         r"doc\.ann: line 1: the entity text 'Maria Lopes' does not match the text file at 0-11, which holds"),
        ("T1\tPeop 0 11\n", r"doc\.ann: line 1: expected an entity line T<id>\\t<TYPE> <START> <END>\\t<text>"),
        (MARIA + "X1\tWhatever T1\n", r"doc\.ann: line 2: expected an annotation line whose id starts with T, R, E"),
        (MARIA + "\nT1\tOrg 22 26\tAcme\n", r"doc\.ann: line 3: annotation id 'T1' is already defined on line 1"),
        (MARIA + "E1\t\n", r"doc\.ann: line 2: expected an event line E<id>"),
    ],
)
def test_broken_files_name_file_line_and_expectation(tmp_path, ann, message):
    write_document(tmp_path, ann)
    with pytest.raises(ValueError, match=message):
        list(BratReader().read(tmp_path))


class WordsOnly(Tokenizer):
    """A tokenizer that leaves punctuation out, as a user's own tokenizer may."""

    def tokenize(self, text):
        return [Token(match.group(), idx=match.start()) for match in re.finditer(r"\w+", text)]


def test_entities_and_sentences_that_no_token_covers_are_counted(tmp_path):
    ann = MARIA + "T2\tPeop 11 12\t \nT3\tOrg 27 28\t.\nR1\tWork_For Arg1:T1 Arg2:T3\nT4\tOrg 5 5\t\n"
    write_document(tmp_path, ann, txt="Maria Lopez works for Acme .\n...\n\n \n")
    reader = BratReader(tokenizer=WordsOnly())
    found = sentences(reader.read(tmp_path))
    assert [s.words for s in found] == ["Maria Lopez works for Acme".split()]
    assert nonzero(reader.counts) == {
        "sentences": 1, "entities": 1,
        "blank_entities_skipped": 2,  # T2 a space, T4 empty
        "entities_skipped_without_tokens": 1,  # T3 "."
        "relations_skipped_with_skipped_argument": 1, "sentences_without_tokens_skipped": 1,
        "blank_lines_skipped": 2,
    }


def test_relation_arguments_in_either_order_are_read_as_arg1_to_arg2(tmp_path):
    write_document(tmp_path, MARIA + "T2\tOrg 22 26\tAcme\nR1\tWork_For Arg2:T2 Arg1:T1\n")
    (sentence,) = sentences(BratReader().read(tmp_path / "doc.ann"))
    assert sentence.relations == [Relation(0, 1, "Work_For")]


def test_windows_line_endings_and_a_trailing_tab_are_read(tmp_path):
    ann = "T1\tPeop 0 11\tMaria Lopez\r\nT2\tOrg 22 26\tAcme\r\nR1\tWork_For Arg1:T1 Arg2:T2\t\r\n"
    write_document(tmp_path, ann, txt="Maria Lopez works for Acme .\r\nNext line .\r\n")
    found = sentences(BratReader().read(tmp_path))
    assert [s.words for s in found] == ["Maria Lopez works for Acme .".split(), "Next line .".split()]
    assert found[0].relations == [Relation(0, 1, "Work_For")]
    assert found[1].char_offsets[0] == (30, 34)  # offsets count the "\r" as brat does


def test_undecodable_text_names_its_line(tmp_path):
    write_document(tmp_path, MARIA, txt=b"Maria Lopez works for Acme .\n\xff\n")
    with pytest.raises(ValueError, match=r"doc\.txt: line 2: expected UTF-8 text"):
        list(BratReader().read(tmp_path))


def test_an_annotation_file_without_its_text_is_named(tmp_path):
    (tmp_path / "doc.ann").write_text(MARIA)
    with pytest.raises(ValueError, match=r"expected the file .*doc\.txt of document 'doc'"):
        list(BratReader().read(tmp_path))


@pytest.mark.parametrize(
    "reader, files", [(BratReader, r"DOC\.txt \+ DOC\.ann"), (AceStandoffReader, r"DOC\.split\.txt \+ DOC\.split\.ann")]
)
def test_missing_paths_and_empty_folders_are_named(tmp_path, reader, files):
    with pytest.raises(ValueError, match=rf"nowhere: no such file or folder; expected a folder of documents "
                                         rf"\({files}\), a document-id list or one document"):
        list(reader().read(tmp_path / "nowhere"))
    with pytest.raises(ValueError, match=rf"expected documents \({files}\) in this folder, found none"):
        list(reader().read(tmp_path))


@pytest.mark.parametrize(
    "options, message",
    [
        ({"misaligned_spans": "drop"}, r"^misaligned_spans: expected one of 'split', 'expand', got 'drop'$"),
        ({"sentence_splitter": "nltk"}, r"^sentence_splitter: expected one of 'lines', 'sentencizer', got 'nltk'$"),
        ({"tokenizer": WhitespaceTokenizer()},
         r"^tokenizer: expected one that gives character offsets .*, got 'WhitespaceTokenizer'$"),
        ({"overlap_policy": "merge"}, r"^overlap_policy: expected one of 'keep_longest', 'keep_first', 'relation_arguments_first', got 'merge'$"),
    ],
)
def test_bad_options_fail_at_construction(options, message):
    with pytest.raises(ConfigurationError, match=message):
        BratReader(**options)


def _write_document(folder, text, ann):
    (folder / "doc.txt").write_text(text)
    (folder / "doc.ann").write_text(ann)
    return folder / "doc.ann"


def test_equivalences_are_skipped_or_read_as_a_relation_for_every_pair(tmp_path):
    ann = _write_document(
        tmp_path,
        "BEM or boundary element method is fast .\nBEM scales .\n",
        "T1\tProcess 0 3\tBEM\nT2\tProcess 7 31\tboundary element method\nT3\tProcess 41 44\tBEM\n"
        "*\tSynonym-of T1 T2 T3\n",
    )
    skipping = BratReader()
    assert [s.relations for s in sentences(skipping.read(ann))] == [[], []]
    assert skipping.counts["equivalences_skipped"] == 1
    reader = BratReader(equivalences="relations")
    read = sentences(reader.read(ann))
    assert read[0].relations == [Relation(0, 1, "Synonym-of")]
    assert read[1].relations == []
    assert reader.counts["relations_skipped_across_sentences"] == 2  # T1-T3 and T2-T3
    assert reader.counts["equivalences_skipped"] == 0


@pytest.mark.parametrize("line", ["*\tSynonym-of T1", "*\tSynonym-of T1 T9"])
def test_a_bad_equivalence_line_is_an_error_naming_the_line(tmp_path, line):
    ann = _write_document(tmp_path, "BEM is fast .\n", f"T1\tProcess 0 3\tBEM\n{line}\n")
    with pytest.raises(ValueError, match=r"doc\.ann: line 2"):
        list(BratReader(equivalences="relations").read(ann))
