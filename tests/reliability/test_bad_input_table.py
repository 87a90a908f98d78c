"""The bad-input table of docs/reliability.md counts the cases the suite runs: per entry point, the cases tried,
those that stop with a clear error and those handled (counted, or read correctly); silent losses are 0 because
every handled case asserts all the counts of its read."""
import importlib
import re

from tests.conftest import ROOT
from tests.reliability.bad_input import KINDS, Error

ENTRY_POINTS = {
    "`spert_json` reader": "test_bad_input_spert_json",
    "`dygiepp_json` reader": "test_bad_input_dygiepp_json",
    "`conll04` reader": "test_bad_input_conll04",
    "`ade` reader": "test_bad_input_ade",
    "`brat` and `ace_standoff` readers": "test_bad_input_brat",
    "`i2b2_2010` reader": "test_bad_input_i2b2_2010",
    "a trained model (`allennlp evaluate`)": "test_bad_input_evaluate",
    "`allennlp train` (the config)": "test_bad_input_train",
    "the predictor (`allennlp predict`)": "test_predictor_bad_input",
    "`allennlp extract`": "test_predictor_bad_input:EXTRACT_OUTCOMES",
}
_ROW = re.compile(r"^\| (?P<entry>[^|]+?) \| \**(?P<cases>\d+)\** \| \**(?P<errors>\d+)\** \| \**(?P<handled>\d+)\** "
                  r"\| \**(?P<open>\d+)\** \| \**(?P<silent>\d+)\** \|$", re.MULTILINE)
OUTCOME_NAMES = ("error", "handled", "open")


def outcomes(name: str):
    """(kind, "error", "handled" or "open") of every case of a module (``module:ATTRIBUTE``: a list of them)."""
    module_name, _, attribute = name.partition(":")
    module = importlib.import_module(f"tests.reliability.{module_name}")
    if attribute or hasattr(module, "OUTCOMES"):
        return list(getattr(module, attribute or "OUTCOMES"))
    cases = list(module.CASES) + list(getattr(module, "ACE_CASES", []))
    return [(case.kind, "error" if isinstance(case.expect, Error) else "handled") for case in cases]


def test_the_table_in_docs_counts_the_cases_of_every_entry_point():
    text = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    rows = {match["entry"].strip("* "): match for match in _ROW.finditer(text)}
    total = [0, 0, 0, 0]
    kinds = set()
    for entry, module in ENTRY_POINTS.items():
        found = outcomes(module)
        assert {outcome for _, outcome in found} <= set(OUTCOME_NAMES)
        kinds |= {kind for kind, _ in found}
        counted = [len(found)] + [sum(outcome == name for _, outcome in found) for name in OUTCOME_NAMES]
        row = rows[entry]
        assert [int(row[key]) for key in ("cases", "errors", "handled", "open", "silent")] == counted + [0], entry
        total = [a + b for a, b in zip(total, counted)]
    row = rows["all"]
    assert [int(row[key]) for key in ("cases", "errors", "handled", "open")] == total
    assert kinds == set(KINDS)
    assert f"{len(KINDS)} kinds of defect" in text
