"""Bad input for the ``i2b2_2010`` reader (a record's ``.txt``, ``.con`` concepts and ``.rel`` relations)."""
from tests.reliability.bad_input import Case, Error, Handled, bad_input_test, read_counts

READER = {"type": "i2b2_2010"}
TEXT = "Admission date .\naspirin for chest pain\n"
CON = 'c="aspirin" 2:0 2:0||t="treatment"\nc="chest pain" 2:2 2:3||t="problem"\n'
REL = 'c="aspirin" 2:0 2:0||r="TrAP"||c="chest pain" 2:2 2:3\n'
ONE = read_counts(2, 2, 1)


def record(text=TEXT, con=CON, rel=REL, name="r1"):
    return {f"txt/{name}.txt": text, f"concept/{name}.con": con, f"rel/{name}.rel": rel}


CASES = [
    Case("truncated file", record(con=CON[:50]), Error(r"line 2: expected a concept line", file="r1.con"), path="."),
    Case("wrong column count or record shape", record(rel='c="aspirin" 2:0 2:0||r="TrAP"\n'),
         Error(r"line 1: expected a relation line", file="r1.rel"), path="."),
    Case("offsets out of range", record(con='c="aspirin" 2:9 2:9||t="treatment"\n', rel=""),
         Error(r"line 1: 2:9 is outside the text \(line 2 has 4 tokens\); expected LINE:TOKEN", file="r1.con"),
         path="."),
    Case("reversed span", record(con='c="chest pain" 2:3 2:2||t="problem"\n', rel=""),
         Error(r"line 1: expected the concept's start 2:3 not to come after its end 2:2", file="r1.con"), path="."),
    Case("relation argument that is no entity", record(rel='c="aspirin" 2:0 2:0||r="TrAP"||c="for" 2:1 2:1\n'),
         Handled(read_counts(2, 2, 0, relations_skipped_with_argument_not_an_entity=1)), path="."),
    Case("annotation across sentences", record(con=CON + 'c="date . aspirin" 1:1 2:0||t="test"\n'),
         Handled(read_counts(2, 2, 1, entities_skipped_across_sentences=1)), path="."),
    Case("duplicate entities and relations", record(con=CON + CON, rel=REL + REL),
         Handled(read_counts(2, 2, 1, duplicate_entities_merged=2, duplicate_relations_merged=1)), path="."),
    Case("unknown annotation or tag", record(con='c="aspirin" 2:0 2:0||t="drug"\n', rel=""),
         Error(r"line 1: expected a concept type in \('problem', 'test', 'treatment'\), got 'drug'", file="r1.con"),
         path="."),
    Case("invalid UTF-8", record(text=TEXT.encode() + b"caf\xe9\n"), Error(r"line 3: expected UTF-8 text",
                                                                          file="r1.txt"), path="."),
    Case("byte-order mark", record(text="\ufeff" + TEXT, con="\ufeff" + CON),
         Handled(read_counts(2, 2, 1, byte_order_marks_skipped=2)), path="."),
    Case("CRLF line ends", record(text=TEXT.replace("\n", "\r\n"), con=CON.replace("\n", "\r\n"),
                                 rel=REL.replace("\n", "\r\n")),
         Handled(ONE, lambda read: read[1].words == ["aspirin", "for", "chest", "pain"]), path="."),
    Case("text that does not match its offsets", record(con='c="ibuprofen" 2:0 2:0||t="treatment"\n', rel=""),
         Handled(read_counts(2, 1, 0, entity_texts_differing_from_their_tokens=1)), path="."),
    Case("empty document", {**record(), **record(text="\n\n", con="", rel="", name="r2")},
         Handled(read_counts(2, 2, 1, empty_documents_skipped=1, blank_lines_skipped=2)), path="."),
    Case("non-integer index or offset", record(con='c="aspirin" 2:a 2:0||t="treatment"\n', rel=""),
         Error(r"line 1: expected a concept line|expected c=", file="r1.con"), path="."),
    Case("missing document file", {"txt/r1.txt": TEXT, "concept/r1.con": CON, "rel/r0.rel": REL},
         Error(r"expected the file .*r1\.rel of record 'r1'", where="r1", file="r1.rel"), path="."),
    Case("non-Latin scripts", record(text="入院 日\nアスピリン で 胸 痛\n", con='c="アスピリン" 2:0 2:0||t="treatment"\n', rel=""),
         Handled(read_counts(2, 1, 0)), path="."),
]


test_bad_input = bad_input_test(READER, CASES)
