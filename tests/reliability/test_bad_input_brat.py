"""Bad input for the ``brat`` reader (standoff ``.txt`` + ``.ann``) and ``ace_standoff``, which is ``brat`` with
LSTM-ER's presets."""
from tests.reliability.bad_input import Case, Error, Handled, bad_input_test, read_counts

READER = {"type": "brat"}
TEXT = "Ann lives in Rome.\n"
ANN = "T1\tPeop 0 3\tAnn\nT2\tLoc 13 17\tRome\nR1\tLive_In Arg1:T1 Arg2:T2\n"
ONE = read_counts(1, 2, 1)


def document(text=TEXT, ann=ANN, name="d"):
    return {f"{name}.txt": text, f"{name}.ann": ann}


def words_are(expected):
    return lambda read: [s.words for s in read] == expected


CASES = [
    Case("truncated file", document(ann=ANN[:30]),
         Error(r"line 2: the entity text 'R' does not match the text file at 13-17", file="d.ann"), path="d.ann"),
    Case("truncated file", document(ann=ANN[:25]),
         Error(r"line 2: expected an entity line T<id>", file="d.ann"), path="d.ann"),
    Case("wrong column count or record shape", document(ann="T1\tPeop 0 3\n"),
         Error(r"line 1: expected an entity line T<id>", file="d.ann"), path="d.ann"),
    Case("wrong column count or record shape", document(ann=ANN + "R2\tLive_In Arg1:T1\n"),
         Error(r"line 4: expected a relation line", file="d.ann"), path="d.ann"),
    Case("offsets out of range", document(ann="T1\tPeop 13 99\tRome\n"),
         Error(r"line 1: offsets 13 99 do not fit the text of 19 characters", file="d.ann"), path="d.ann"),
    Case("reversed span", document(ann="T1\tPeop 17 13\tRome\n"),
         Error(r"line 1: offsets 17 13 do not fit", file="d.ann"), path="d.ann"),
    Case("zero-length span", document(ann=ANN + "T3\tOrg 9 9\t\nR2\tWork_For Arg1:T1 Arg2:T3\n"),
         Handled(read_counts(1, 2, 1, blank_entities_skipped=1, relations_skipped_with_skipped_argument=1)),
         path="d.ann"),
    Case("relation to a missing entity", document(ann=ANN + "R2\tLive_In Arg1:T1 Arg2:T9\n"),
         Error(r"line 4: relation argument 'T9' is not a T or E id defined in", file="d.ann"), path="d.ann"),
    Case("duplicate entities and relations", document(ann=ANN + "T3\tPeop 0 3\tAnn\nR2\tLive_In Arg1:T3 Arg2:T2\n"),
         Handled(read_counts(1, 2, 1, duplicate_entities_merged=1, duplicate_relations_merged=1)), path="d.ann"),
    Case("duplicate ids or sentence ids", document(ann=ANN + "T2\tLoc 13 17\tRome\n"),
         Error(r"line 4: annotation id 'T2' is already defined on line 2", file="d.ann"), path="d.ann"),
    Case("invalid UTF-8", document(text=b"Ann lives in Rome.\ncaf\xe9\n"), Error(r"line 2: expected UTF-8 text",
                                                                              file="d.txt"), path="d.ann"),
    Case("byte-order mark", document(text="\ufeff" + TEXT, ann="T1\tPeop 1 4\tAnn\nT2\tLoc 14 18\tRome\n"
                                                                 "R1\tLive_In Arg1:T1 Arg2:T2\n"),
         Handled(read_counts(1, 2, 1, byte_order_marks_skipped=1),
                 lambda read: read[0].words[0] == "Ann" and read[0].char_offsets[0] == (1, 4)), path="d.ann"),
    Case("byte-order mark", document(ann="\ufeff" + ANN), Handled(read_counts(1, 2, 1, byte_order_marks_skipped=1)),
         path="d.ann"),
    Case("CRLF line ends", document(text="Bo is here.\r\nAnn lives in Rome.\r\n",
                                    ann="T1\tPeop 13 16\tAnn\r\nT2\tLoc 26 30\tRome\r\n"
                                        "R1\tLive_In Arg1:T1 Arg2:T2\r\n"),
         Handled(read_counts(2, 2, 1), words_are([["Bo", "is", "here", "."], ["Ann", "lives", "in", "Rome", "."]])),
         path="d.ann"),
    Case("control characters", document(text="Ann \x07 lives in Rome.\n", ann="T1\tPeop 0 3\tAnn\n"),
         Handled(read_counts(1, 1, 0, words_without_word_pieces_read_as_unknown=1)), path="d.ann"),
    Case("zero-width characters and soft hyphens", document(text="Ann \u200b lives in Ro\xadme.\n",
                                                            ann="T1\tPeop 0 3\tAnn\nT2\tLoc 15 20\tRo\xadme\n"),
         Handled(read_counts(1, 2, 0, words_without_word_pieces_read_as_unknown=1),
                 lambda read: "Ro\xadme" in read[0].words), path="d.ann"),
    Case("non-Latin scripts", document(text="アンはローマに住む。\n", ann="T1\tPeop 0 2\tアン\nT2\tLoc 3 6\tローマ\n"
                                                                       "R1\tLive_In Arg1:T1 Arg2:T2\n"),
         Handled(read_counts(1, 2, 1, tokens_split_at_entity_edges=1),
                 lambda read: {"アン", "ローマ"} <= set(read[0].words)), path="d.ann"),
    Case("text that does not match its offsets", document(ann="T1\tPeop 0 3\tBob\n"),
         Error(r"line 1: the entity text 'Bob' does not match the text file at 0-3", file="d.ann"), path="d.ann"),
    Case("annotation across sentences", document(text="Ann lives\nin Rome.\n", ann="T1\tPeop 0 3\tAnn\n"
                                                 "T2\tLoc 13 17\tRome\nT3\tMisc 4 12\tlives in\n"
                                                 "R1\tLive_In Arg1:T1 Arg2:T2\n"),
         Handled(read_counts(2, 2, 0, entities_skipped_across_sentences=1, entity_texts_differing_in_whitespace=1,
                             relations_skipped_across_sentences=1)), path="d.ann"),
    Case("empty document", {**document(), **document(text="", ann="", name="e")},
         Handled(read_counts(1, 2, 1, empty_documents_skipped=1)), path="."),
    Case("empty sentence", document(text="Ann lives in Rome.\n \t \n\nBo.\n"),
         Handled(read_counts(2, 2, 1, blank_lines_skipped=2)), path="d.ann"),
    Case("unknown annotation or tag", document(ann=ANN + "X1\tsomething\n"),
         Error(r"line 4: expected an annotation line whose id starts with T, R, E", file="d.ann"), path="d.ann"),
    Case("non-integer index or offset", document(ann="T1\tPeop 0 three\tAnn\n"),
         Error(r"line 1: expected integer character offsets", file="d.ann"), path="d.ann"),
    Case("missing document file", {"d.txt": TEXT}, Error(r"expected the file .*d\.ann of document 'd'",
                                                         where="d.txt", file="d.txt"), path="d.txt"),
    Case("missing data file", document(), Error(r"no such file or folder; expected a folder of documents",
                                                where="missing", file="missing"), path="missing"),
    Case("empty file", {"ids": "\n"}, Error(r"expected one document id per line, found none", where="ids",
                                            file="ids"), path="ids"),
    Case("10,000-word document", document(text="w " * 10_000 + "\n", ann="T1\tX 19998 19999\tw\n"),
         Handled(read_counts(1, 1, 0), lambda read: len(read[0].words) == 10_000), path="d.ann"),
    Case("5,000-character token", document(text="Ann " + "x" * 5000 + "\n", ann="T1\tPeop 0 3\tAnn\n"),
         Handled(read_counts(1, 1, 0), lambda read: len(read[0].words[1]) == 5000), path="d.ann"),
]

ACE = {"type": "ace_standoff"}
ACE_CASES = [
    Case("truncated file", {"corpus/d.split.txt": TEXT, "corpus/d.split.ann": ANN[:30], "split/dev": "d\n"},
         Error(r"line 2: the entity text 'R' does not match", file="d.split.ann"), path="split/dev"),
    Case("missing document file", {"corpus/d.split.txt": TEXT, "corpus/d.split.ann": ANN, "split/dev": "d\ne\n"},
         Error(r"split/dev: line 2: expected the file .*e\.split\.txt of document 'e'", file="split/dev"),
         path="split/dev"),
    Case("byte-order mark", {"corpus/d.split.txt": "\ufeff" + TEXT, "split/dev": "\ufeffd\n",
                             "corpus/d.split.ann": "T1\tPeop 1 4\tAnn\n"},
         Handled(read_counts(1, 1, 0, byte_order_marks_skipped=1)), path="split/dev"),
]

test_bad_input = bad_input_test(READER, CASES)
test_bad_input_ace_standoff = bad_input_test(ACE, ACE_CASES)
