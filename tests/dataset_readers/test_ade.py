import json
import logging
from collections import Counter

import pytest
from allennlp.common import Params
from allennlp.common.checks import ConfigurationError
from allennlp.data import DatasetReader
from allennlp.data.tokenizers import WhitespaceTokenizer

from joint_ner_re.data.sentence import Entity, Relation
from joint_ner_re.dataset_readers.ade import AdeReader
from joint_ner_re.writers import to_spert
from tests.conftest import FIXTURES, shared_file

FIXTURE = FIXTURES / "ade" / "synthetic_drug_ae.rel"
FORMATS = FIXTURES / "formats"
DRUG, AE = "Drug", "Adverse-Effect"


def sentences(path=FIXTURE, **options):
    reader = AdeReader(**options)
    return list(reader._selected_sentences(str(path))), reader.counts


def spans(sentence):
    return [(" ".join(sentence.words[e.start:e.end]), e.type) for e in sentence.entities]


def test_groups_lines_into_sentences_with_one_relation_per_line():
    read, counts = sentences()
    assert len(read) == 6  # the same text under two PMIDs is two sentences
    first = read[0]
    assert first.words == (
        "Zortaxine - induced rash resolved , but a second rash followed the next zortaxine dose .".split()
    )
    # AE then drug, in line order; the two "rash" mentions are placed by their document offsets
    assert first.entities == [Entity(3, 4, AE), Entity(0, 1, DRUG), Entity(9, 10, AE), Entity(13, 14, DRUG)]
    assert first.relations == [Relation(1, 0, AE), Relation(3, 2, AE)]  # default: drug -> adverse effect
    assert first.source == f"{FIXTURE}: line 1"
    assert first.document == "91000001" and first.extra["lines"] == [1, 2] and first.extra["orig_id"] == 0
    assert first.extra["document_offset"] == 40
    # into the PubMed document, as the file's offsets count: "Zortaxine" is at 40-49 in line 1
    assert first.char_offsets[:3] == [(40, 49), (49, 50), (50, 57)]
    second = read[1]  # "hepatic injury" is named by two lines: one entity; "lithium" twice: two entities
    assert spans(second) == [("lithium intoxication", AE), ("lithium", DRUG), ("hepatic injury", AE),
                             ("velmorin", DRUG), ("lithium", DRUG)]
    assert second.entities[1] != second.entities[4]
    assert second.relations == [Relation(1, 0, AE), Relation(3, 2, AE), Relation(4, 2, AE)]
    assert sum(len(s.relations) for s in read) == 9 and sum(len(s.entities) for s in read) == 17
    assert counts == Counter(repeated_mention_texts_placed_by_offset=4, tokens_split_at_entity_edges=1)


def test_a_word_that_a_mention_ends_inside_is_split_there():
    last = sentences()[0][-1]
    assert last.words == ["IL2", "-therapy", "caused", "capillary", "leak", "."]
    assert spans(last) == [("capillary leak", AE), ("IL2", DRUG)]


def test_direction_and_type_names_are_options():
    read, _ = sentences(relation_direction="effect_to_drug", drug_type="DRUG", effect_type="AE", relation_type="ADE")
    assert read[0].relations == [Relation(0, 1, "ADE"), Relation(2, 3, "ADE")]
    assert [e.type for e in read[0].entities] == ["AE", "DRUG", "AE", "DRUG"]


@pytest.mark.parametrize(
    "test, dropped, entities_dropped, sentences_dropped, relations_left",
    [
        ("spans", 1, 2, 0, 8),  # lithium inside "lithium intoxication"
        ("text", 2, 4, 1, 7),  # and "Quastatin" named again inside "quastatin-related myopathy": sentence left empty
    ],
)
def test_drop_overlapping_drops_lines_their_lone_mentions_and_empty_sentences(
    test, dropped, entities_dropped, sentences_dropped, relations_left
):
    read, counts = sentences(drop_overlapping=test)
    assert counts["overlapping_relations_left_out"] == dropped
    assert counts["entities_left_out_with_their_relations"] == entities_dropped
    assert counts["sentences_without_relations_left_out"] == sentences_dropped
    assert (len(read), sum(len(s.relations) for s in read)) == (6 - sentences_dropped, relations_left)
    assert spans(read[1]) == [("hepatic injury", AE), ("velmorin", DRUG), ("lithium", DRUG)]


def test_reads_instances_and_logs_the_counts(caplog):
    reader = AdeReader()
    with caplog.at_level(logging.INFO):
        instances = list(reader.read(FIXTURE))
    assert len(instances) == 6
    assert instances[0]["tags"].labels[:4] == ["S-Drug", "O", "O", "S-Adverse-Effect"]
    assert sorted(zip(instances[0]["relations"].indices, instances[0]["relations"].labels)) == [
        ((0, 3), AE), ((13, 9), AE),
    ]
    assert "repeated_mention_texts_placed_by_offset: 4" in caplog.text


def test_builds_from_a_config_with_any_tokenizer():
    reader = DatasetReader.from_params(Params({
        "type": "ade", "tokenizer": {"type": "spacy", "language": "blank:en", "pos_tags": False}, "fold_seed": 1,
    }))
    assert isinstance(reader, AdeReader)
    whitespace = sentences(tokenizer=WhitespaceTokenizer())[0]
    assert whitespace[0].words[:4] == ["Zortaxine", "-induced", "rash", "resolved,"]  # split at "Zortaxine"'s end


def test_mentions_without_one_common_offset_are_placed_and_counted(tmp_path):
    # The second line's AE offset is 2 characters off the sentence offset that the other two mentions agree on.
    text = "Velmorin caused rash and later fever."
    path = tmp_path / "DRUG-AE.rel"
    path.write_text(f"1|{text}|rash|116|120|Velmorin|100|108\n1|{text}|fever|133|138|Velmorin|100|108\n")
    read, counts = sentences(path)
    assert spans(read[0]) == [("rash", AE), ("Velmorin", DRUG), ("fever", AE)]
    assert counts["mentions_placed_at_nearest_occurrence"] == 1
    # Each repeated text occurs twice, the same distance apart: two sentence offsets fit; the smaller is taken.
    text = "velmorin rash, then velmorin rash again."
    path.write_text(f"1|{text}|rash|129|133|velmorin|120|128\n")
    read, counts = sentences(path)
    assert counts["sentences_with_ambiguous_document_offset"] == 1
    assert read[0].entities == [Entity(5, 6, AE), Entity(4, 5, DRUG)]


def test_two_mentions_placed_on_the_same_words_are_one_entity_and_counted(tmp_path):
    # the second "rash" is 2 characters off: it is placed at the one occurrence, where the first one is
    text = "Velmorin caused rash."
    path = tmp_path / "DRUG-AE.rel"
    path.write_text(f"1|{text}|rash|116|120|Velmorin|100|108\n1|{text}|rash|118|122|Velmorin|100|108\n")
    read, counts = sentences(path)
    assert spans(read[0]) == [("rash", AE), ("Velmorin", DRUG)] and len(read[0].relations) == 1
    assert counts == Counter(mentions_placed_at_nearest_occurrence=1, duplicate_entities_merged=1,
                             duplicate_relations_merged=1)


def test_an_exact_duplicate_line_is_merged_and_counted(tmp_path):
    path = tmp_path / "DRUG-AE.rel"
    path.write_text(FIXTURE.read_text().splitlines()[0] + "\n" + FIXTURE.read_text())
    read, counts = sentences(path)
    assert counts["duplicate_relations_merged"] == 1
    assert len(read[0].relations) == 2


@pytest.mark.parametrize(
    "line, message",
    [
        ("1|Velmorin caused rash.|rash|16|20|Velmorin|0", r"line 2: expected 8 '\|'-separated columns .* got 7"),
        ("1|Velmorin caused rash.|rash|16|20|Velmorin|0|8|x", r"line 2: expected 8 .* got 9"),
        ("1|Velmorin caused rash.|rash|16|2O|Velmorin|0|8", r"line 2: expected the adverse effect offset in column 5 "
                                                           r"to be an integer >= 0, got '2O'"),
        ("1|Velmorin caused rash.|rash|16|20|Velmorin|-1|7", r"line 2: expected the drug offset in column 7 to be an integer >= 0, got '-1'"),
        ("1|Velmorin caused rash.|rash|20|16|Velmorin|0|8", r"line 2: expected the adverse effect begin offset <= "
                                                           r"its end offset, got 20 > 16"),
        ("1|Velmorin caused rash.|rash|16|21|Velmorin|0|8", r"line 2: expected the adverse effect offsets to span"),
        ("1|Velmorin caused rash.|fever|16|21|Velmorin|0|8", r"line 2: the adverse effect 'fever' does not occur in "
                                                            r"the sentence"),
        ("1|Velmorin caused rash.|rash|16|20|velmorin|0|8", r"line 2: the drug 'velmorin' does not occur"),
        ("1|Velmorin caused rash.||16|16|Velmorin|0|8", r"line 2: expected the adverse effect text in column 3"),
        ("|Velmorin caused rash.|rash|16|20|Velmorin|0|8", r"line 2: expected a PMID \(column 1\) and a sentence"),
    ],
)
def test_broken_files_name_file_line_and_expectation(tmp_path, line, message):
    path = tmp_path / "bad.rel"
    path.write_text(f"1|Velmorin caused rash.|rash|16|20|Velmorin|0|8\n{line}\n")
    with pytest.raises(ValueError, match=r"bad\.rel: " + message):
        sentences(path)


def test_non_utf8_input_names_the_line(tmp_path):
    path = tmp_path / "bad.rel"
    path.write_bytes(b"1|Velmorin caused rash.|rash|16|20|Velmorin|0|8\n1|Velmorin caused r\xe4sh.|x|0|1|V|0|1\n")
    with pytest.raises(ValueError, match=r"bad\.rel: line 2: expected UTF-8 text"):
        sentences(path)


def test_crlf_line_ends_and_blank_lines_read_the_same(tmp_path):
    path = tmp_path / "DRUG-AE.rel"
    path.write_bytes(b"\r\n" + FIXTURE.read_bytes().replace(b"\n", b"\r\n\r\n"))
    read = sentences(path)[0]
    assert [(s.words, s.entities, s.relations) for s in read] == [
        (s.words, s.entities, s.relations) for s in sentences()[0]
    ]
    assert read[0].extra["lines"] == [2, 4]


def test_a_tokenizer_that_changes_or_drops_text_is_an_error():
    class Lowercasing(WhitespaceTokenizer):
        def tokenize(self, text):
            return super().tokenize(text.lower())

    class DroppingTheLastWord(WhitespaceTokenizer):
        def tokenize(self, text):
            return super().tokenize(text)[:-1]

    with pytest.raises(ValueError, match=r"line 1: the tokenizer's word 'zortaxine-induced' does not follow"):
        sentences(tokenizer=Lowercasing())
    with pytest.raises(ValueError, match=r"line 1: the tokenizer dropped the end of the sentence ' dose.'"):
        sentences(tokenizer=DroppingTheLastWord())


@pytest.mark.parametrize(
    "options, message",
    [
        ({"relation_direction": "drug_to_ae"},
         "relation_direction: expected one of 'drug_to_effect', 'effect_to_drug', got 'drug_to_ae'"),
        ({"drop_overlapping": True}, "drop_overlapping: expected one of 'none', 'spans', 'text', got True"),
        ({"drug_type": "X", "effect_type": "X"}, "effect_type: expected a type name other than drug_type's, got 'X'"),
    ],
)
def test_bad_options_fail_at_construction(options, message):
    with pytest.raises(ConfigurationError, match=f"^{message}$"):
        AdeReader(**options)


def test_folds_hold_whole_documents_and_tile_the_file():
    keys = {}
    for fold in range(3):
        test, counts = sentences(f"{FIXTURE}#fold={fold}/3", fold_seed=0)
        train, _ = sentences(f"{FIXTURE}#not-fold={fold}/3", fold_seed=0)
        assert counts["sentences_left_out_in_other_folds"] == 6 - len(test)
        assert {s.document for s in test}.isdisjoint(s.document for s in train)
        assert len(test) + len(train) == 6
        keys[fold] = [(s.document, s.extra["text"]) for s in test]
    assert sorted(sum(keys.values(), [])) == sorted((s.document, s.extra["text"]) for s in sentences()[0])
    # stable across runs and processes: pinned
    assert {fold: sorted({pmid for pmid, _ in k}) for fold, k in keys.items()} == {
        0: ["91000001"], 1: ["91000003"], 2: ["91000002"]
    }


def test_drug_ae_rel_sample_matches_the_spert_sample():
    read, counts = sentences(FORMATS / "ade_corpus_v2" / "synthetic_drug_ae.rel", relation_direction="effect_to_drug")
    expected = json.loads((FORMATS / "spert_json" / "drug_effect_like.json").read_text())
    assert [to_spert(s) for s in read] == expected
    assert counts == Counter(repeated_mention_texts_placed_by_offset=2)  # "rash" twice in one sentence


def test_full_file_counts_and_agreement_with_spert_json():
    read, counts = sentences(shared_file("ade/original/DRUG-AE.rel"), relation_direction="effect_to_drug")
    types = Counter(e.type for s in read for e in s.entities)
    assert (len(read), sum(len(s.relations) for s in read), types[DRUG], types[AE]) == (4272, 6821, 5063, 5776)
    # every mention is placed at one sentence offset shared by all mentions of its sentence
    assert counts == Counter(repeated_mention_texts_placed_by_offset=513, tokens_split_at_entity_edges=1)
    spert = json.loads(shared_file("ade/spert-json/ade_full.json").read_text())
    same_words = {i for i, (s, d) in enumerate(zip(read, spert)) if s.words == d["tokens"]}
    assert len(same_words) == 4270  # the 2 others: "(OCS):" -> "):" (a spaCy emoticon) and "CYP2B6-G516T"
    # where the words agree, the whole document does: entities, their order and the relations
    same_document = {i for i, (s, d) in enumerate(zip(read, spert)) if to_spert(s) == d}
    assert same_document == same_words


@pytest.mark.parametrize(
    "test, sentences_left, relations, drugs, effects, dropped_relations, dropped_entities, dropped_sentences",
    [
        ("spans", 4220, 6701, 4988, 5691, 120, 160, 52),
        # the paper's file has 6682 relations (Table A.1); 4215 sentences there as the text that occurs under two
        # PMIDs is kept once; its entities are counted by tags: 4979 / 5669
        ("text", 4216, 6682, 4982, 5676, 139, 181, 56),
    ],
)
def test_full_file_drop_overlapping(
    test, sentences_left, relations, drugs, effects, dropped_relations, dropped_entities, dropped_sentences
):
    read, counts = sentences(shared_file("ade/original/DRUG-AE.rel"), drop_overlapping=test)
    types = Counter(e.type for s in read for e in s.entities)
    assert (len(read), sum(len(s.relations) for s in read), types[DRUG], types[AE]) == (
        sentences_left, relations, drugs, effects
    )
    assert (
        counts["overlapping_relations_left_out"],
        counts["entities_left_out_with_their_relations"],
        counts["sentences_without_relations_left_out"],
    ) == (dropped_relations, dropped_entities, dropped_sentences)


def test_full_file_ten_folds():
    path = shared_file("ade/original/DRUG-AE.rel")
    tests = [sentences(f"{path}#fold={fold}/10", fold_seed=0)[0] for fold in range(10)]
    pmids = [{s.document for s in fold} for fold in tests]
    assert all(a.isdisjoint(b) for i, a in enumerate(pmids) for b in pmids[i + 1:])
    assert sum(len(fold) for fold in tests) == 4272 and len(set().union(*pmids)) == 1644
    sizes = [len(fold) for fold in tests]
    assert sizes == [426, 427, 427, 426, 430, 426, 428, 428, 425, 429]  # pinned; within 8, the largest document
    train = sentences(f"{path}#not-fold=3/10", fold_seed=0)[0]
    assert len(train) == 4272 - sizes[3] and pmids[3].isdisjoint(s.document for s in train)
    # the paper's protocol: folds over what is left after its overlap removal, 10% of each training part held out
    kept = sentences(path, drop_overlapping="text")[0]
    folds = [sentences(f"{path}#fold={fold}/10", drop_overlapping="text")[0] for fold in range(10)]
    assert sorted(len(s.relations) for fold in folds for s in fold) == sorted(len(s.relations) for s in kept)
    assert sum(len(s.relations) for s in kept) == 6682
    holdout = sentences(f"{path}#not-fold=3/10#holdout", drop_overlapping="text")[0]
    rest = sentences(f"{path}#not-fold=3/10#rest", drop_overlapping="text")[0]
    assert len(holdout) + len(rest) == len(kept) - len(folds[3])
    assert {s.document for s in holdout}.isdisjoint(s.document for s in rest)
    assert round(len({s.document for s in holdout}) / len({s.document for s in holdout + rest}), 2) == 0.1
