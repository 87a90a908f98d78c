"""Bad input for the ``ade`` reader (ADE-Corpus-V2 ``DRUG-AE.rel``: one line per drug and adverse effect)."""
from tests.reliability.bad_input import Case, Error, Handled, empty_file, missing_file, read_counts, bad_input_test

READER = {"type": "ade"}
TEXT = "Ann took aspirin and got a rash."
LINE = f"10|{TEXT}|rash|27|31|aspirin|9|16\n"
OTHER = "11|Bo took ibuprofen.|took|3|7|ibuprofen|8|17\n"
ONE = read_counts(1, 2, 1)

CASES = [
    Case("truncated file", {"DRUG-AE.rel": OTHER + LINE[:30]},
         Error(r"line 2: expected 8 '\|'-separated columns \(PMID\|sentence\|adverse effect\|begin\|end\|drug"
               r"\|begin\|end\), got 2")),
    Case("wrong column count or record shape", {"DRUG-AE.rel": LINE.replace("|aspirin|", "|aspirin|x|")},
         Error(r"line 1: expected 8 '\|'-separated columns")),
    Case("non-integer index or offset", {"DRUG-AE.rel": LINE.replace("|27|", "|2x|")},
         Error(r"line 1: expected the adverse effect offset in column 4 to be an integer >= 0, got '2x'")),
    Case("reversed span", {"DRUG-AE.rel": LINE.replace("|27|31|", "|31|27|")},
         Error(r"line 1: expected the adverse effect begin offset <= its end offset")),
    Case("offsets out of range", {"DRUG-AE.rel": LINE.replace("|27|31|", "|27|99|")},
         Error(r"line 1: expected the adverse effect offsets to span its text")),
    Case("text that does not match its offsets", {"DRUG-AE.rel": LINE.replace("|rash|", "|itch|")},
         Error(r"line 1: the adverse effect 'itch' does not occur in the sentence \(expected each mention")),
    Case("text that does not match its offsets", {"DRUG-AE.rel": f"10|{TEXT}|rash|27|31|aspirin|5|12\n"},
         Handled(read_counts(1, 2, 1, mentions_placed_at_nearest_occurrence=1,
                             sentences_with_ambiguous_document_offset=1))),
    Case("duplicate entities and relations", {"DRUG-AE.rel": LINE + LINE},
         Handled(read_counts(1, 2, 1, duplicate_relations_merged=1))),
    Case("invalid UTF-8", {"DRUG-AE.rel": OTHER.encode() + LINE.encode().replace(b"Ann", b"\xc3nn")},
         Error(r"line 2: expected UTF-8 text")),
    Case("byte-order mark", {"DRUG-AE.rel": "\ufeff" + LINE},
         Handled(read_counts(1, 2, 1, byte_order_marks_skipped=1))),
    Case("CRLF line ends", {"DRUG-AE.rel": (LINE + OTHER).replace("\n", "\r\n")}, Handled(read_counts(2, 4, 2))),
    Case("empty sentence", {"DRUG-AE.rel": "10| |rash|27|31|aspirin|9|16\n"},
         Error(r"line 1: expected a PMID \(column 1\) and a sentence \(column 2\)")),
    Case("non-Latin scripts", {"DRUG-AE.rel": "12|Ана приняла аспирин и получила сыпь.|сыпь|31|35|аспирин|12|19\n"},
         Handled(ONE)),
    empty_file("DRUG-AE.rel"),
    missing_file("DRUG-AE.rel", LINE, r"DRUG-AE\.rel lines"),
]


test_bad_input = bad_input_test(READER, CASES)
