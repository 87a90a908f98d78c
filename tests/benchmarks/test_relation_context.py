"""benchmarks/relation_context.py on a hand-made BRAT document whose counts are worked out below."""
from relation_context import HYPONYM_CUES, relation_context

from joint_ner_re.commands.corpus_stats import build_reader

TEXT = "Methods such as SVM work well\nThe best method was CRF\nA model of parts was a hit\nfor example SVM and CRF\n"
# (type, text, occurrence): the relations below are Hyponym-of (Arg1 the narrower term)
ENTITIES = [("Process", "Methods", 0), ("Process", "SVM", 0), ("Process", "best method", 0), ("Process", "CRF", 0),
            ("Material", "model of parts", 0), ("Material", "parts", 0), ("Process", "SVM", 1), ("Process", "CRF", 1)]
RELATIONS = [(2, 1), (4, 3), (6, 5), (8, 7)]


def write_document(folder):
    lines = []
    for number, (kind, text, occurrence) in enumerate(ENTITIES, 1):
        start = -1
        for _ in range(occurrence + 1):
            start = TEXT.index(text, start + 1)
        lines.append(f"T{number}\t{kind} {start} {start + len(text)}\t{text}")
    lines += [f"R{n}\tHyponym-of Arg1:T{a} Arg2:T{b}" for n, (a, b) in enumerate(RELATIONS, 1)]
    (folder / "doc.txt").write_text(TEXT)
    (folder / "doc.ann").write_text("\n".join(lines) + "\n")


def test_counts_gaps_cues_inside_and_outside_and_overlapping_arguments(tmp_path):
    write_document(tmp_path)
    result = relation_context(build_reader("brat", {}), str(tmp_path), "Hyponym-of", list(HYPONYM_CUES), window=3)
    assert result == {
        "path": str(tmp_path),
        "relations": 4,
        # "such as" (2 words), "was" (1), "and" (1); "parts" inside "model of parts": none between
        "words_between": {"0": 1, "1-3": 3, "4-10": 0, ">10": 0},
        "cue_between": 1,  # such as
        "cue_only_within_3_words_outside": 1,  # "for example" before SVM ... and ... CRF
        "argument_overlaps_another_entity": 1,  # parts / model of parts
    }


def test_other_relation_types_are_not_counted(tmp_path):
    write_document(tmp_path)
    assert relation_context(build_reader("brat", {}), str(tmp_path), "Synonym-of", ["("], window=3)["relations"] == 0
