"""Bad input for the ``conll04`` reader (Roth & Yih columns, and the BIOES variant of the paper's ADE file)."""
from tests.reliability.bad_input import Case, Error, Handled, empty_file, missing_file, read_counts, bad_input_test

READER = {"type": "conll04"}
TAGS = ["Peop", "O", "O", "Loc", "O"]
WORDS = ["Ann", "lives", "in", "Rome", "."]


def sentence(sid=0, tags=TAGS, words=WORDS, relations=("0\t3\tLive_In",)) -> str:
    tokens = "".join(f"{sid}\t{tag}\t{i}\tO\tNN\t{word}\tO\tO\tO\n" for i, (tag, word) in enumerate(zip(tags, words)))
    return tokens + "\n" + "".join(line + "\n" for line in relations) + "\n"


GOOD = sentence()
TWO = read_counts(2, 4, 2)

CASES = [
    Case("truncated file", {"corp.tsv": GOOD + sentence(1)[:30]},
         Error(r"line 10: expected a token line \(9 tab-separated columns.*got 4 columns")),
    Case("wrong column count or record shape", {"corp.tsv": GOOD.replace("0\t3\tLive_In", "0\t3\tLive_In\textra")},
         Error(r"line 7: expected a relation line \(3 tab-separated columns")),
    Case("offsets out of range", {"corp.tsv": sentence(relations=["0\t9\tLive_In"])},
         Error(r"line 7: relation argument 9 points at no token \(expected a token index of the sentence above")),
    Case("relation argument that is no entity", {"corp.tsv": sentence(relations=["0\t1\tLive_In"])},
         Handled(read_counts(1, 2, 0, relations_skipped_with_argument_not_an_entity=1))),
    Case("duplicate entities and relations", {"corp.tsv": sentence(relations=["0\t3\tLive_In", "0\t3\tLive_In"])},
         Handled(read_counts(1, 2, 1, duplicate_relations_merged=1))),
    Case("duplicate ids or sentence ids", {"corp.tsv": GOOD + GOOD},
         Error(r"line 9: sentence id 0 is already used by the sentence at line 1 \(expected unique sentence ids\)")),
    Case("invalid UTF-8", {"corp.tsv": GOOD.encode() + b"1\tO\t0\tO\tNN\tcaf\xe9\tO\tO\tO\n"},
         Error(r"line 9: expected UTF-8 text")),
    Case("byte-order mark", {"corp.tsv": "\ufeff" + GOOD}, Handled(read_counts(1, 2, 1, byte_order_marks_skipped=1))),
    Case("CRLF line ends", {"corp.tsv": (GOOD + sentence(1)).replace("\n", "\r\n")}, Handled(TWO)),
    Case("non-integer index or offset", {"corp.tsv": GOOD.replace("0\tO\t2\t", "0\tO\ttwo\t")},
         Error(r"line 3: expected the token index as a non-negative integer in column 3, got 'two'")),
    Case("wrong column count or record shape", {"corp.tsv": GOOD.replace("0\tO\t2\t", "0\tO\t3\t")},
         Error(r"line 3: expected token index 2 in column 3")),
    Case("empty sentence", {"corp.tsv": sentence(words=["Ann", "lives", "", "Rome", "."])},
         Error(r"line 3: expected a word in column 6")),
    Case("whitespace tokens", {"corp.tsv": sentence(words=["Ann", " ", "in", "Rome", "."])},
         Handled(read_counts(1, 2, 1, words_without_word_pieces_read_as_unknown=1))),
    Case("zero-width characters and soft hyphens",
         {"corp.tsv": sentence(words=["Ann", "\u200b", "in", "Rome", "\xad"])},
         Handled(read_counts(1, 2, 1, words_without_word_pieces_read_as_unknown=2))),
    Case("control characters", {"corp.tsv": sentence(words=["Ann", "\x07", "in", "Rome", "."])},
         Handled(read_counts(1, 2, 1, words_without_word_pieces_read_as_unknown=1))),
    Case("non-Latin scripts", {"corp.tsv": sentence(words=["Άννα", "ζει", "στη", "Ρώμη", "."])},
         Handled(read_counts(1, 2, 1))),
    Case("unknown annotation or tag", {"corp.tsv": sentence(tags=["B-Peop", "O", "O", "Loc", "O"])},
         Error(r"line 1: expected an entity type or O in column 2, got 'B-Peop' \(tag_scheme 'roth_yih'")),
    Case("invalid BIOES tags", {"corp.tsv": sentence(tags=["I-Peop", "O", "O", "S-Loc", "O"])},
         Handled(read_counts(1, 2, 1, sentences_with_invalid_bioes_decoded_by_rule=1)),
         options={"tag_scheme": "bioes"}),
    Case("empty type name", {"corp.tsv": sentence(relations=["0\t3\t"])},
         Error(r"line 7: expected a relation type in column 3")),
    empty_file("corp.tsv", "\n\n"),
    missing_file("corp.tsv", GOOD, r"Roth & Yih columns"),
]


test_bad_input = bad_input_test(READER, CASES)
