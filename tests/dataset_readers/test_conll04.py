import pytest
from allennlp.common import Params
from allennlp.common.checks import ConfigurationError
from allennlp.data import DatasetReader

from joint_ner_re.commands.corpus_stats import corpus_statistics
from joint_ner_re.data.sentence import Entity, Relation
from joint_ner_re.dataset_readers import SpertJsonReader
from joint_ner_re.dataset_readers.conll04 import Conll04Reader
from tests.conftest import FIXTURES, nonzero, shared_file

CORP = FIXTURES / "conll04" / "synthetic_corp.tsv"
ADE = FIXTURES / "conll04" / "ade_bioes.tsv"
FORMATS = FIXTURES / "formats"


def sentences(path, **options):
    reader = Conll04Reader(**options)
    return [instance["metadata"]["sentence"] for instance in reader.read(path)], reader.counts


def spert_sentences(*paths):
    """The spert_json reader's Sentences of some files, in Roth & Yih id order."""
    read = [i["metadata"]["sentence"] for path in paths for i in SpertJsonReader().read(path)]
    return sorted(read, key=lambda s: s.extra["orig_id"])


def record(sentence):
    return sentence.extra["orig_id"], sentence.words, sentence.entities, sentence.relations


def token_line(sentence_id, tag, index, word):
    return f"{sentence_id}\t{tag}\t{index}\tO\tNN\t{word}\tO\tO\tO"


def test_multi_word_tokens_are_split_escapes_restored_and_relations_mapped_to_entities():
    read, counts = sentences(CORP)
    assert [s.extra["orig_id"] for s in read] == [10, 11, 12, 13]
    first = read[0]
    assert first.words == "Dana Wells works for Kestrel ( North ) in Dayton , Ohio .".split()
    assert first.entities == [Entity(0, 2, "Peop"), Entity(4, 8, "Org"), Entity(9, 12, "Loc")]
    assert first.relations == [Relation(0, 1, "Work_For"), Relation(1, 2, "OrgBased_In"), Relation(0, 2, "Live_In")]
    assert first.source == f"{CORP}: line 1"
    # -LCB- stays as SpERT keeps it; a token that is just '/' is the word '/'
    assert read[1].words == ["Prices", "fell", "/", "-LCB-", "on", "Monday", ",", "."]
    assert read[1].entities == [Entity(2, 3, "Other"), Entity(5, 6, "Other")] and read[1].relations == []
    assert read[2].relations == [Relation(0, 1, "Kill")]
    assert read[3].entities == [] and read[3].source == f"{CORP}: line 30"  # ends at EOF, no blank line after
    assert counts["sentences"] == 4 and counts["lone_slash_tokens_read_as_the_word_slash"] == 1
    assert all(s.document is None and s.char_offsets is None for s in read)


def test_split_file_reads_the_listed_ids_in_file_order_and_counts_the_others():
    read, counts = sentences(CORP, split_file=str(FIXTURES / "conll04" / "split.txt"))
    assert [s.extra["orig_id"] for s in read] == [10, 12]
    assert counts["sentences_left_out_by_split_file"] == 2
    assert counts["lone_slash_tokens_read_as_the_word_slash"] == 0  # repairs count only sentences read out


def test_only_with_relations_leaves_out_and_counts_sentences_without_relation_lines():
    read, counts = sentences(CORP, only_with_relations=True)
    assert [s.extra["orig_id"] for s in read] == [10, 12]
    assert counts["sentences_without_relations_left_out"] == 2


def test_bioes_scheme_decodes_with_the_project_rule_and_counts_invalid_sequences():
    read, counts = sentences(ADE, tag_scheme="bioes")
    assert read[0].words == "Sudden vertigo after taking plavonex .".split()
    assert read[0].entities == [Entity(0, 2, "AE"), Entity(4, 5, "DRUG")]
    assert read[0].relations == [Relation(1, 0, "ADE")]  # drug -> adverse effect, as the file writes it
    # 'zeltrin/B-DRUG toxicity/E-AE' (a drug nested in an AE): the dangling B- closes, the stray E- opens an AE
    assert read[1].entities == [Entity(1, 2, "DRUG"), Entity(2, 3, "AE"), Entity(4, 6, "AE")]
    assert read[1].relations == [Relation(0, 1, "ADE"), Relation(0, 2, "ADE")]
    assert counts["sentences_with_invalid_bioes_decoded_by_rule"] == 1
    assert counts["relations"] == 3  # the last relation line ends the file without a newline


@pytest.mark.parametrize(
    "scheme, tags",
    [("roth_yih", ["Peop", "O", "O", "Loc"]), ("bioes", ["B-Peop", "E-Peop", "O", "S-Loc"])],
)
def test_relation_arguments_where_no_entity_ends_are_counted_and_skipped(tmp_path, scheme, tags):
    lines = [token_line(0, tag, i, word) for i, (tag, word) in enumerate(zip(tags, "Ann Lee in Rome".split()))]
    path = tmp_path / "corp.tsv"
    path.write_text("\n".join(lines + ["", "0\t3\tLive_In", "1\t3\tLive_In", "2\t3\tLive_In"]))
    read, counts = sentences(path, tag_scheme=scheme)
    # token 2 is O in both; roth_yih: token 1 is O too; bioes: word 0 is inside 'Ann Lee' but does not end it
    assert read[0].relations == [Relation(0, 1, "Live_In")]
    assert counts["relations_skipped_with_argument_not_an_entity"] == 2


def test_a_repeated_relation_line_is_merged_and_counted(tmp_path):
    tags, words = ["Peop", "O", "Loc"], "Ann in Rome".split()
    lines = [token_line(0, tag, i, word) for i, (tag, word) in enumerate(zip(tags, words))]
    path = tmp_path / "corp.tsv"
    path.write_text("\n".join(lines + ["", "0\t2\tLive_In", "0\t2\tLive_In"]) + "\n")
    read, counts = sentences(path)
    assert read[0].relations == [Relation(0, 1, "Live_In")]
    assert counts["duplicate_relations_merged"] == 1 and counts["relations"] == 1


BROKEN = [
    ("roth_yih", [token_line(0, "O", 0, "a"), "0\tO\t1\tO\tNN\tb\tO\tO"],
     r"bad\.tsv: line 2: expected a token line \(9 tab-separated columns: sent_id ENTITY .*got 8 columns"),
    ("roth_yih", [token_line(0, "Peop", 0, "a"), "", "0\t0\tKill\textra"],
     r"bad\.tsv: line 3: expected a relation line \(3 tab-separated columns.* got 4 columns"),
    ("roth_yih", [token_line(0, "O", 0, "a"), "", token_line(1, "O", 0, "b")],
     r"line 3: expected a relation line .* or the blank line .*followed by two blank lines"),
    ("roth_yih", ["0\t1\tKill", token_line(0, "O", 0, "a")],
     r"bad\.tsv: line 1: expected a token line .*got 3 columns \(relation lines follow a sentence's tokens"),
    ("roth_yih", ["x\tO\t0\tO\tNN\ta\tO\tO\tO"], r"line 1: expected the sentence id as a non-negative integer .*'x'"),
    ("roth_yih", [token_line(0, "O", 0, "a"), "0\tO\tone\tO\tNN\tb\tO\tO\tO"],
     r"line 2: expected the token index as a non-negative integer in column 3, got 'one'"),
    ("roth_yih", [token_line(0, "Peop", 0, "a"), "", "0\t-1\tKill"],
     r"line 3: expected the token index of a relation argument as a non-negative integer in column 2, got '-1'"),
    ("roth_yih", [token_line(0, "Peop", 0, "a"), token_line(0, "Peop", 1, "b"), "", "0\t2\tKill"],
     r"bad\.tsv: line 4: relation argument 2 points at no token \(expected a token index .* 0\.\.1\)"),
    ("roth_yih", [token_line(0, "Peop", 0, "a"), token_line(0, "Peop", 1, "b"), "", "0\t1\t"],
     r"line 4: expected a relation type in column 3"),
    ("roth_yih", [token_line(0, "O", 0, "a"), token_line(0, "O", 2, "b")], r"line 2: expected token index 1"),
    ("roth_yih", [token_line(0, "O", 0, "a"), token_line(1, "O", 1, "b")],
     r"line 2: expected sentence id 0 as on line 1 \(a blank line must end"),
    ("roth_yih", [token_line(0, "O", 0, "a"), "", "", token_line(0, "O", 0, "b")],
     r"line 4: sentence id 0 is already used by the sentence at line 1"),
    ("roth_yih", [token_line(0, "B-Loc", 0, "a")],
     r"line 1: expected an entity type or O in column 2, got 'B-Loc' \(tag_scheme 'roth_yih'; 'bioes' reads"),
    ("roth_yih", [token_line(0, "Loc/Org", 0, "a")], r"line 1: expected an entity type or O in column 2"),
    ("roth_yih", [token_line(0, "Loc", 0, "New//York")],
     r"line 1: expected a word in column 6 \(the words of a multi-word token joined by single '/'\), got 'New//York'"),
    ("bioes", [token_line(0, "O", 0, "a"), token_line(0, "Loc", 1, "b")],
     r"bad\.tsv: line 2: 'Loc' is not a BIOES tag .*\(tag_scheme 'bioes'; 'roth_yih' reads bare entity types\)"),
    ("bioes", [token_line(0, "X-AE", 0, "a")], r"line 1: 'X-AE' is not a BIOES tag"),
    ("bioes", [token_line(0, "O", 0, "")], r"line 1: expected a word in column 6, got ''"),
]


@pytest.mark.parametrize("scheme, lines, message", BROKEN)
def test_broken_files_name_file_line_and_expectation(tmp_path, scheme, lines, message):
    path = tmp_path / "bad.tsv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ValueError, match=message):
        sentences(path, tag_scheme=scheme)


@pytest.mark.parametrize(
    "content, message",
    [
        ("12:    a\nTen:    b\n", r"split\.txt: line 2: expected a sentence id followed by ':'"),
        ("12:    a\n\n12 : a\n", r"split\.txt: line 3: sentence id 12 is listed twice \(first on line 1\)"),
        ("12:    a\n99:    b\n", r"split\.txt: line 2: sentence id 99 is not in .*corp\.tsv \(1 listed ids are absent"),
    ],
)
def test_broken_split_files_name_file_line_and_expectation(tmp_path, content, message):
    split = tmp_path / "split.txt"
    split.write_text(content)
    with pytest.raises(ValueError, match=message):
        sentences(CORP, split_file=str(split))


def test_builds_from_config_params():
    params = Params({"type": "conll04", "split_file": str(FIXTURES / "conll04" / "split.txt"),
                     "only_with_relations": True, "overlap_policy": "keep_first"})
    reader = DatasetReader.from_params(params)
    assert isinstance(reader, Conll04Reader)
    assert [i["metadata"]["sentence"].extra["orig_id"] for i in reader.read(CORP)] == [10, 12]


def test_unknown_tag_scheme_fails_at_construction():
    with pytest.raises(ConfigurationError, match="^tag_scheme: expected one of 'roth_yih', 'bioes', got 'bilou'$"):
        Conll04Reader(tag_scheme="bilou")


def test_a_file_that_is_not_utf8_names_its_line(tmp_path):
    path = tmp_path / "corp.tsv"
    path.write_bytes(token_line(0, "O", 0, "a").encode() + b"\n" + token_line(0, "O", 1, "caf\xe9").encode("latin-1"))
    with pytest.raises(ValueError, match=r"corp\.tsv: line 2: expected UTF-8 text"):
        sentences(path)


# ---- fixtures/formats: the same invented sentences in Roth & Yih columns, Gupta's lists and SpERT JSON


@pytest.mark.parametrize(
    "options, spert_files",
    [
        ({"only_with_relations": True}, ["train", "dev", "test"]),
        ({"split_file": "testing"}, ["test"]),
        ({"split_file": "training"}, ["train", "dev"]),
    ],
)
def test_roth_yih_sample_equals_the_spert_json_sample(options, spert_files):
    folder = FORMATS / "conll04_roth_yih"
    if "split_file" in options:
        options = {"split_file": str(folder / f"{options['split_file']}_indx_sentence.txt")}
    read, _ = sentences(folder / "synthetic_corp.tsv", **options)
    expected = spert_sentences(*(FORMATS / "spert_json" / f"news_like_{f}.json" for f in spert_files))
    assert [record(s) for s in read] == [record(s) for s in expected]


def test_roth_yih_sample_holds_a_sentence_without_relations_too():
    read, counts = sentences(FORMATS / "conll04_roth_yih" / "synthetic_corp.tsv")
    assert [s.extra["orig_id"] for s in read] == [20, 21, 22, 23, 25]
    assert read[3].entities == [] and read[3].relations == []
    assert read[2].words[:4] == ["Brightwater", "(", "BWR", ")"]  # -LRB-/-RRB- restored, as in SpERT's JSON
    assert nonzero(counts) == {"sentences": 5, "entities": 14, "relations": 7}


def annotations(sentence, entity_types, reverse):
    """Entities and relations as comparable sets, in SpERT's ADE names and direction (head = AE, tail = drug)."""
    entities = {(e.start, e.end, entity_types.get(e.type, e.type)) for e in sentence.entities}
    pairs = {((head.start, head.end), (tail.start, tail.end)) for head, tail, _ in sentence.relation_spans()}
    return entities, {pair[::-1] for pair in pairs} if reverse else pairs


def test_giorgi_ade_sample_holds_the_spert_ade_sample_annotations():
    read, counts = sentences(FORMATS / "ade_giorgi_tsv" / "train.tsv", tag_scheme="bioes")
    expected = spert_sentences(FORMATS / "spert_json" / "drug_effect_like.json")
    assert [s.words for s in read] == [s.words for s in expected]
    names = {"DRUG": "Drug", "AE": "Adverse-Effect"}
    assert [annotations(s, names, reverse=True) for s in read] == [annotations(s, {}, False) for s in expected]
    assert {r.type for s in read for r in s.relations} == {"ADE"}
    assert counts["sentences_with_invalid_bioes_decoded_by_rule"] == 0


# ---- the real corpora (skipped where ../shared/data is absent)

GUPTA = "conll04/gupta2016-split/{}_indx_sentence.txt"
# SpERT's JSON glues a lone ',' word of a multi-word token onto the next word ('Westmoreland/County/,/Virginia'
# -> 'Westmoreland County ,Virginia'); corp.tsv's POS column, Gupta's and Bekoulis's files all have the ',' apart.
SPERT_GLUED_COMMA = {5331: 23, 5273: 11, 5343: 6}  # Roth & Yih id -> the glued word in SpERT's tokens


def as_spert_tokenised(sentence):
    """``sentence`` with SpERT's glued comma where SpERT has one: words and entity ends shift by one."""
    at = SPERT_GLUED_COMMA.get(sentence.extra["orig_id"])
    if at is None:
        return record(sentence)
    words = sentence.words[:at] + ["," + sentence.words[at + 1]] + sentence.words[at + 2:]
    entities = [Entity(e.start - (e.start > at), e.end - (e.end > at), e.type) for e in sentence.entities]
    return sentence.extra["orig_id"], words, entities, sentence.relations


@pytest.mark.parametrize(
    "split, spert_files, glued",
    [("testing", ["test"], [5331]), ("training", ["train", "dev"], [5273, 5343])],
)
def test_gupta_splits_of_corp_tsv_equal_spert_json_sentence_by_sentence(split, spert_files, glued):
    read, _ = sentences(shared_file("conll04/original/corp.tsv"), split_file=str(shared_file(GUPTA.format(split))))
    expected = spert_sentences(*(shared_file(f"conll04/spert-json/conll04_{f}.json") for f in spert_files))
    assert [s.extra["orig_id"] for s in read] == [s.extra["orig_id"] for s in expected]
    assert [s.extra["orig_id"] for s, e in zip(read, expected) if record(s) != record(e)] == glued
    assert [as_spert_tokenised(s) for s in read] == [record(s) for s in expected]


def test_gupta_test_split_counts():
    reader = Conll04Reader(split_file=str(shared_file(GUPTA.format("testing"))))
    statistics = corpus_statistics(reader, str(shared_file("conll04/original/corp.tsv")))
    assert (statistics["sentences"], sum(statistics["entities"].values()), sum(statistics["relations"].values())) == (
        288, 1079, 422)
    assert statistics["reader_counts"] == {"sentences_left_out_by_split_file": 5516 - 288}


def test_whole_corp_tsv_gives_the_data_readme_counts():
    statistics = corpus_statistics(Conll04Reader(), str(shared_file("conll04/original/corp.tsv")))
    assert statistics["sentences"] == 5516 and statistics["sentences_with_relations"] == 1441
    assert statistics["entities"] == {"Loc": 4765, "Org": 2499, "Other": 2995, "Peop": 3918}  # Table A.1: Other 3011
    assert statistics["relations"] == {"Kill": 268, "Live_In": 521, "Located_In": 406, "OrgBased_In": 452,
                                       "Work_For": 401}
    # sentence 4259 has two tokens '/' (POS NN, Other); no relation argument lacks an entity
    assert statistics["reader_counts"] == {"lone_slash_tokens_read_as_the_word_slash": 2}


def test_corp_tsv_sentences_with_relations():
    reader = Conll04Reader(only_with_relations=True)
    statistics = corpus_statistics(reader, str(shared_file("conll04/original/corp.tsv")))
    assert statistics["sentences"] == 1441 and sum(statistics["entities"].values()) == 5349
    assert sum(statistics["relations"].values()) == 2048
    assert statistics["reader_counts"] == {"sentences_without_relations_left_out": 5516 - 1441}


def test_giorgi_ade_file_counts():
    reader = Conll04Reader(tag_scheme="bioes")
    statistics = corpus_statistics(reader, str(shared_file("ade/giorgi2019-conll04-format/train.tsv")))
    assert statistics["sentences"] == 4215 and statistics["sentences_with_relations"] == 4215
    # Table A.1 (counting S- and B- tags): Drug 4979, AE 5669. In the 5 sentences with a drug nested in an AE
    # ('caffeine/B-DRUG intoxication/E-AE') the project's rule keeps each dangling B-DRUG as a drug and opens an
    # AE at the stray E-/I-AE: 5 more AEs (a decoder that drops dangling B- tags gets 4974 / 5674).
    assert statistics["entities"] == {"AE": 5669 + 5, "DRUG": 4979}
    # 6682 relation lines, as Table A.1 counts; 4 of them repeat another line of their sentence and are merged
    assert statistics["relations"] == {"ADE": 6682 - 4}
    assert statistics["reader_counts"] == {
        "sentences_with_invalid_bioes_decoded_by_rule": 5,
        "duplicate_relations_merged": 4,
    }
