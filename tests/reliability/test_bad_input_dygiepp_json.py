"""Bad input for the ``dygiepp_json`` reader (document-level, inclusive token spans)."""
import json

from tests.reliability.bad_input import Case, Error, Handled, empty_file, missing_file, read_counts, bad_input_test

READER = {"type": "dygiepp_json"}
WORDS = ["Ann", "lives", "in", "Rome", "."]


def doc(**changes) -> str:
    document = {
        "doc_key": "d", "sentences": [WORDS], "ner": [[[0, 0, "Peop"], [3, 3, "Loc"]]],
        "relations": [[[0, 0, 3, 3, "Live_In"]]], **changes,
    }
    return json.dumps(document, ensure_ascii=False)


GOOD = doc() + "\n"
ONE = read_counts(1, 2, 1)

CASES = [
    Case("truncated file", {"d.json": GOOD + doc()[:50]}, Error(r"line 2: invalid JSON")),
    Case("wrong column count or record shape", {"d.json": doc(ner=[[[0, "Peop"]]])},
         Error(r"line 1, sentence 0: expected ner entries as \[start, end, TYPE\]")),
    Case("wrong column count or record shape", {"d.json": doc(ner=[[], []])},
         Error(r'line 1: expected "ner" as a list with one entry per sentence \(1\)')),
    Case("offsets out of range", {"d.json": doc(ner=[[[3, 9, "Loc"]]], relations=[[]])},
         Error(r"line 1, sentence 0: ner span \[3, 9\] does not fit the document of 5 tokens")),
    Case("reversed span", {"d.json": doc(ner=[[[3, 1, "Loc"]]], relations=[[]])},
         Error(r"line 1, sentence 0: ner span \[3, 1\] does not fit")),
    Case("relation argument that is no entity", {"d.json": doc(relations=[[[0, 0, 2, 2, "Live_In"]]])},
         Handled(read_counts(1, 2, 0, relations_skipped_with_argument_not_an_entity=1))),
    Case("annotation across sentences",
         {"d.json": doc(sentences=[WORDS[:2], WORDS[2:]], ner=[[[0, 0, "Peop"], [3, 3, "Loc"]], []],
                        relations=[[[0, 0, 3, 3, "Live_In"]], []])},
         Handled(read_counts(2, 1, 0, entities_skipped_outside_their_sentence=1,
                             relations_skipped_across_sentences=1))),
    Case("duplicate entities and relations",
         {"d.json": doc(ner=[[[0, 0, "Peop"], [3, 3, "Loc"], [0, 0, "Peop"]]],
                        relations=[[[0, 0, 3, 3, "Live_In"], [0, 0, 3, 3, "Live_In"]]])},
         Handled(read_counts(1, 2, 1, duplicate_entities_merged=1, duplicate_relations_merged=1))),
    Case("invalid UTF-8", {"d.json": GOOD.encode() + b'{"doc_key": "\xff"}\n'}, Error(r"line 2: expected UTF-8")),
    Case("byte-order mark", {"d.json": "\ufeff" + GOOD}, Handled(read_counts(1, 2, 1, byte_order_marks_skipped=1))),
    Case("CRLF line ends", {"d.json": (GOOD + GOOD).replace("\n", "\r\n")}, Handled(read_counts(2, 4, 2))),
    Case("zero-width characters and soft hyphens", {"d.json": doc(sentences=[["Ann", "\u200b", "in", "Rome", "\xad"]])},
         Handled(read_counts(1, 2, 1, words_without_word_pieces_read_as_unknown=2))),
    Case("non-Latin scripts", {"d.json": doc(sentences=[["Анна", "живёт", "в", "Риме", "。"]])}, Handled(ONE)),
    Case("empty sentence", {"d.json": doc(sentences=[WORDS, []], ner=[[[0, 0, "Peop"], [3, 3, "Loc"]], []],
                                          relations=[[[0, 0, 3, 3, "Live_In"]], []])},
         Handled(read_counts(1, 2, 1, sentences_without_tokens_skipped=1))),
    Case("empty document", {"d.json": GOOD + json.dumps({"doc_key": "e", "sentences": []}) + "\n"},
         Handled(read_counts(1, 2, 1, empty_documents_skipped=1, documents_without_ner=1,
                             documents_without_relations=1))),
    Case("empty type name", {"d.json": doc(ner=[[[0, 0, ""]]], relations=[[]])},
         Error(r"line 1, sentence 0: expected ner entries as \[start, end, TYPE\]|has no type")),
    Case("wrong column count or record shape", {"d.json": json.dumps({"sentences": [WORDS]})},
         Error(r'line 1: expected a "doc_key"')),
    Case("non-integer index or offset", {"d.json": doc(ner=[[[0, 0.5, "Peop"]]], relations=[[]])},
         Error(r"line 1, sentence 0: expected ner entries as \[start, end, TYPE\]")),
    Case("10,000-word document", {"d.json": doc(sentences=[["w"] * 10_000], ner=[[[9_999, 9_999, "Loc"]]],
                                                relations=[[]])},
         Handled(read_counts(1, 1, 0), lambda read: len(read[0].words) == 10_000)),
    empty_file("d.json", "\n\n"),
    missing_file("d.json", GOOD, r"DyGIE\+\+ JSON lines"),
]


test_bad_input = bad_input_test(READER, CASES)
