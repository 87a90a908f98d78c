"""Hand-worked cases for every counting mode of JointNerReF1."""
import pytest

from joint_ner_re.data.sentence import Entity
from joint_ner_re.metrics import JointNerReF1

PEOP = Entity(0, 2, "Peop")
ORG = Entity(4, 6, "Org")
LOC = Entity(7, 8, "Loc")
GOLD = ([PEOP, ORG, LOC], [(PEOP, ORG, "Work_For"), (PEOP, LOC, "Live_In")])


def scores(predicted, gold=GOLD, **kwargs):
    metric = JointNerReF1(**kwargs)
    metric([predicted], [gold])
    return metric.get_metric(reset=True)


def test_perfect_prediction():
    m = scores(GOLD)
    for mode in ("ner", "rel_strict", "rel_boundaries", "rel_paper"):
        assert m[f"{mode}_precision"] == m[f"{mode}_recall"] == m[f"{mode}_f1"] == m[f"{mode}_macro_f1"] == 1.0
    assert m["overall_f1"] == 1.0


def test_wrong_start_boundary_counts_only_for_the_paper_mode():
    # "Lopez" instead of "Maria Lopez": same last word, same type
    short = Entity(1, 2, "Peop")
    m = scores(([short, ORG, LOC], [(short, ORG, "Work_For"), (short, LOC, "Live_In")]))
    # NER: 2 of 3 right -> P = R = F1 = 2/3
    assert m["ner_precision"] == m["ner_recall"] == pytest.approx(2 / 3)
    assert m["ner_f1_Peop"] == 0.0 and m["ner_f1_Org"] == 1.0
    assert m["ner_macro_f1"] == pytest.approx(2 / 3)
    # both relations have a wrong head span
    assert m["rel_strict_f1"] == 0.0 and m["rel_boundaries_f1"] == 0.0
    assert m["rel_paper_f1"] == 1.0
    assert m["overall_f1"] == pytest.approx((2 / 3 + 0.0) / 2)


def test_wrong_entity_type_counts_for_boundaries_not_strict():
    org_as_loc = Entity(4, 6, "Loc")
    m = scores(([PEOP, org_as_loc, LOC], [(PEOP, org_as_loc, "Work_For"), (PEOP, LOC, "Live_In")]))
    assert m["rel_strict_precision"] == 0.5 and m["rel_strict_recall"] == 0.5
    assert m["rel_boundaries_f1"] == 1.0
    assert m["rel_paper_f1"] == 0.5  # the paper mode checks the type at the last word
    assert m["rel_strict_f1_Live_In"] == 1.0 and m["rel_strict_f1_Work_For"] == 0.0
    assert m["rel_strict_macro_f1"] == 0.5


def test_missing_and_spurious_relations_micro_and_macro():
    # Work_For found, Live_In missed, one spurious Located_In predicted
    m = scores(([PEOP, ORG, LOC], [(PEOP, ORG, "Work_For"), (ORG, LOC, "Located_In")]))
    # micro: tp 1, fp 1, fn 1
    assert (m["rel_strict_precision"], m["rel_strict_recall"], m["rel_strict_f1"]) == (0.5, 0.5, 0.5)
    # macro over the three types seen: Work_For 1, Live_In 0, Located_In 0
    assert m["rel_strict_macro_f1"] == pytest.approx(1 / 3)
    assert m["rel_strict_precision_Located_In"] == 0.0 and m["rel_strict_recall_Live_In"] == 0.0


def test_reversed_direction_is_wrong_unless_the_type_is_symmetric():
    reversed_prediction = ([PEOP, ORG, LOC], [(ORG, PEOP, "Work_For"), (LOC, PEOP, "Live_In")])
    assert scores(reversed_prediction)["rel_strict_f1"] == 0.0
    m = scores(reversed_prediction, symmetric_relation_types=["Live_In"])
    assert m["rel_strict_f1_Live_In"] == 1.0 and m["rel_strict_f1_Work_For"] == 0.0
    assert m["rel_boundaries_f1_Live_In"] == 1.0 and m["rel_paper_f1_Live_In"] == 1.0


def test_counts_accumulate_over_sentences_and_duplicates_count_once():
    metric = JointNerReF1()
    duplicated_relation = (PEOP, ORG, "Work_For")
    metric(
        [GOLD, ([PEOP, PEOP], [duplicated_relation, duplicated_relation])],
        [GOLD, ([PEOP, ORG], [duplicated_relation, duplicated_relation])],
    )
    # sentence 1: 3 entities and 2 relations right; sentence 2: PEOP and Work_For right, each counted once although
    # both sides list them twice, ORG missed
    assert metric.counts("ner") == (4, 0, 1)
    assert metric.counts("ner", "Peop") == (2, 0, 0) and metric.counts("ner", "Org") == (1, 0, 1)
    assert metric.counts("rel_strict") == (3, 0, 0) and metric.counts("rel_strict", "Work_For") == (2, 0, 0)
    m = metric.get_metric(reset=False)
    assert set(m) == {"ner_f1", "rel_strict_f1", "overall_f1"}  # headline only during an epoch
    full = metric.get_metric(reset=True)
    assert full["ner_precision"] == 1.0 and full["ner_recall"] == pytest.approx(4 / 5)
    assert full["rel_strict_recall"] == 1.0
    assert metric.counts("ner") == (0, 0, 0)  # reset emptied the counts
    assert metric.get_metric(reset=True)["ner_f1"] == 0.0


def test_scores_are_plain_python_floats():
    assert all(type(value) is float for value in scores(GOLD).values())


def test_no_predictions_and_no_gold_is_zero_not_an_error():
    m = scores(([], []), gold=([], []))
    assert m["ner_f1"] == 0.0 and m["rel_strict_macro_f1"] == 0.0


def test_report_renders_every_mode_and_type_in_percent():
    from joint_ner_re.metrics.report import render

    short = Entity(1, 2, "Peop")
    table = render(scores(([short, ORG, LOC], [(short, ORG, "Work_For"), (short, LOC, "Live_In")])))
    lines = table.splitlines()
    assert lines[1].split()[-4:] == ["66.67", "66.67", "66.67", "66.67"]  # NER P R F1 macro
    assert lines[4].split()[-4:] == ["100.00", "100.00", "100.00", "100.00"]  # as the paper counted
    assert "  Work_For" in table and "  Peop" in table
