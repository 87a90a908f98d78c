"""Bad input for the ``spert_json`` reader (JSON lines, and the JSON array SpERT's own files are)."""
import json

from tests.reliability.bad_input import Case, Error, Handled, empty_file, missing_file, read_counts, bad_input_test

READER = {"type": "spert_json"}
WORDS = ["Ann", "lives", "in", "Rome", "."]
ENTITIES = [{"type": "Peop", "start": 0, "end": 1}, {"type": "Loc", "start": 3, "end": 4}]
RELATIONS = [{"type": "Live_In", "head": 0, "tail": 1}]


def doc(**changes) -> str:
    return json.dumps({"tokens": WORDS, "entities": ENTITIES, "relations": RELATIONS, **changes}, ensure_ascii=False)


GOOD = doc() + "\n"
ONE = read_counts(1, 2, 1)
TWO = read_counts(2, 4, 2)


def words_are(expected):
    return lambda read: [s.words for s in read] == expected


CASES = [
    Case("truncated file", {"d.json": "[" + doc() + ",\n" + doc()[:40]}, Error(r"invalid JSON")),
    Case("truncated file", {"d.json": GOOD + doc()[:40]}, Error(r"line 2: invalid JSON")),
    Case("wrong column count or record shape", {"d.json": GOOD + doc(entities=[{"type": "Peop", "start": 0}])},
         Error(r'line 2: expected entities as \{"type": str, "start": int, "end": int\}')),
    Case("wrong column count or record shape", {"d.json": GOOD + '["Ann", "lives"]\n'},
         Error(r'line 2: expected an object with a "tokens" list')),
    Case("wrong column count or record shape", {"d.json": "Ann,lives,in,Rome\n"}, Error(r"line 1: invalid JSON")),
    Case("offsets out of range", {"d.json": GOOD + doc(entities=[{"type": "Loc", "start": 3, "end": 9}],
                                                       relations=[])},
         Error(r"line 2: entity .* does not fit a sentence of 5 words")),
    Case("reversed span", {"d.json": doc(entities=[{"type": "Loc", "start": 4, "end": 3}], relations=[])},
         Error(r"line 1: entity .* does not fit")),
    Case("zero-length span", {"d.json": doc(entities=[*ENTITIES, {"type": "Org", "start": 2, "end": 2}],
                                            relations=[*RELATIONS, {"type": "Work_For", "head": 0, "tail": 2}])},
         Handled(read_counts(1, 2, 1, blank_entities_skipped=1, relations_skipped_with_skipped_argument=1))),
    Case("relation to a missing entity", {"d.json": doc(relations=[{"type": "Live_In", "head": 0, "tail": 5}])},
         Error(r"line 1: relation .* has tail 5, but the sentence has 2 entities")),
    Case("relation to a missing entity", {"d.json": doc(relations=[{"type": "Live_In", "head": -1, "tail": 1}])},
         Error(r"line 1: relation .* has head -1")),
    Case("duplicate entities and relations",
         {"d.json": doc(entities=ENTITIES + ENTITIES[:1], relations=RELATIONS + [{"type": "Live_In", "head": 2,
                                                                                   "tail": 1}])},
         Handled(read_counts(1, 2, 1, duplicate_entities_merged=1, duplicate_relations_merged=1))),
    Case("invalid UTF-8", {"d.json": GOOD.encode() + b'{"tokens": ["caf\xe9"]}\n'},
         Error(r"line 2: expected UTF-8 text")),
    Case("byte-order mark", {"d.json": "\ufeff" + GOOD}, Handled(read_counts(1, 2, 1, byte_order_marks_skipped=1))),
    Case("byte-order mark", {"d.json": "\ufeff[" + doc() + "]"},
         Handled(read_counts(1, 2, 1, byte_order_marks_skipped=1))),
    Case("CRLF line ends", {"d.json": (GOOD + GOOD).replace("\n", "\r\n")}, Handled(TWO)),
    Case("control characters", {"d.json": doc(tokens=["Ann", "\u0000", "in", "Rome", "."])},
         Handled(read_counts(1, 2, 1, words_without_word_pieces_read_as_unknown=1),
                 words_are([["Ann", "\x00", "in", "Rome", "."]]))),
    Case("zero-width characters and soft hyphens",
         {"d.json": doc(tokens=["Ann", "\u200b", "in", "Ro\u00adme", "\u00ad"])},
         Handled(read_counts(1, 2, 1, words_without_word_pieces_read_as_unknown=2))),
    Case("Unicode line separators inside a record", {"d.json": doc(tokens=["Ann", "li\u2028ves", "in", "Ro\x85me", "."])
                                                     + "\n" + doc() + "\n"},
         Handled(TWO, lambda read: read[0].words[1] == "li\u2028ves" and read[0].words[3] == "Ro\x85me")),
    Case("non-Latin scripts", {"d.json": doc(tokens=["アン", "は", "ローマ", "に", "住む"]) + "\n"
                                         + doc(tokens=["آن", "تعيش", "في", "روما", "😀"])},
         Handled(TWO)),
    Case("whitespace tokens", {"d.json": doc(tokens=["Ann", " ", "in", "Rome", "\u00a0"])},
         Handled(read_counts(1, 2, 1, words_without_word_pieces_read_as_unknown=2))),
    Case("empty document", {"d.json": GOOD + json.dumps({"tokens": []}) + "\n"},
         Handled(read_counts(1, 2, 1, sentences_without_tokens_skipped=1))),
    Case("empty sentence", {"d.json": GOOD + doc(tokens=[]) + "\n"},
         Error(r"line 2: expected a non-empty list of non-empty word strings")),
    Case("empty sentence", {"d.json": GOOD + doc(tokens=["Ann", "", "in", "Rome", "."])},
         Error(r"line 2: expected a non-empty list of non-empty word strings")),
    Case("10,000-word document", {"d.json": doc(tokens=["word"] * 10_000)},
         Handled(ONE, lambda read: len(read[0].words) == 10_000)),
    Case("5,000-character token", {"d.json": doc(tokens=["Ann", "x" * 5000, "in", "Rome", "."])},
         Handled(ONE, lambda read: len(read[0].words[1]) == 5000)),
    Case("empty type name", {"d.json": doc(entities=[{"type": "", "start": 0, "end": 1}], relations=[])},
         Error(r"line 1: Entity\(.*\) has no type")),
    Case("empty type name", {"d.json": doc(relations=[{"type": " ", "head": 0, "tail": 1}])},
         Error(r"line 1: Relation\(.*\) has no type")),
    Case("non-integer index or offset", {"d.json": doc(entities=[{"type": "Peop", "start": 0.0, "end": 1}])},
         Error(r"line 1: expected entities as")),
    empty_file("d.json"),
    empty_file("d.json", "[]"),
    missing_file("d.json", GOOD, r"SpERT JSON"),
]


test_bad_input = bad_input_test(READER, CASES)
