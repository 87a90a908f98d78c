"""Bad input for the predictor (``allennlp predict --predictor joint_ner_re``) and ``allennlp extract``: every line
or document gives its record, an empty one where the input holds no word, or a clear error for that input alone;
one bad input never stops the others."""
import json
import sys
from pathlib import Path

import pytest
from allennlp.commands import main
from allennlp.models.archival import load_archive
from allennlp.predictors import Predictor

from tests.archive import tiny_archive

GOOD = {"id": "good", "text": "John Smith lives in Paris."}
TEN_THOUSAND = "Ann lives in Rome. " * 2000  # 10,000 words in 2,000 sentences
# (kind, input line, what the record must hold): "empty" = no words, entities or relations; an int = that many words
CASES = [
    ("empty input at prediction", {"id": "e1", "text": ""}, "empty"),
    ("empty input at prediction", {"id": "e2", "tokens": []}, "empty"),
    ("empty input at prediction", {"id": "e3", "sentences": []}, "empty"),
    ("empty input at prediction", {"id": "e4", "sentences": [[], ["Ann", "lives"]]}, 2),
    ("whitespace-only input at prediction", {"id": "w1", "text": "  \n\t \u3000 "}, "empty"),
    ("whitespace tokens", {"id": "w2", "tokens": ["Ann", " ", "lives"]}, 3),
    ("zero-width characters and soft hyphens", {"id": "z1", "tokens": ["Ann", "\u200b", "li\xadves", "\xad"]}, 4),
    ("zero-width characters and soft hyphens", {"id": "z2", "text": "Ann\u200b lives in Ro\xadme."}, None),
    ("control characters", {"id": "c1", "text": "Ann \x07lives in\x00 Rome."}, None),
    ("non-Latin scripts", {"id": "n1", "text": "アンはローマに住む。 Анна живёт в Риме. 😀"}, None),
    ("CRLF line ends", {"id": "r1", "text": "Ann lives in Rome.\r\nBo is here.\r\n"}, None),
    ("10,000-word document", {"id": "t1", "text": TEN_THOUSAND}, 10_000),
    ("5,000-character token", {"id": "f1", "tokens": ["Ann", "x" * 5000, "lives"]}, 3),
]


@pytest.fixture(scope="module")
def predictor():
    return Predictor.from_archive(load_archive(str(tiny_archive())), "joint_ner_re")


def check(record, given, expected):
    """The record of one input: its id, words, one tag per word, entities and relations that point inside."""
    assert record["id"] == given["id"]
    words = record["words"]
    assert len(record["tags"]) == len(words)
    if expected == "empty":
        assert words == [] and record["entities"] == [] and record["relations"] == []
    elif isinstance(expected, int):
        assert len(words) == expected
    else:
        assert words
    for entity in record["entities"]:
        assert 0 <= entity["start"] < entity["end"] <= len(words)
        if "char_start" in entity:
            assert entity["text"] == given["text"][entity["char_start"]:entity["char_end"]]
    assert all(0 <= r["head"] < len(record["entities"]) and 0 <= r["tail"] < len(record["entities"])
               for r in record["relations"])


# for the table in docs/reliability.md: each case, the error case and the `allennlp predict` run; the documents
# given to `allennlp extract`
OUTCOMES = [(case[0], "handled") for case in CASES] + [
    ("wrong column count or record shape", "error"), ("empty input at prediction", "handled"),
]
EXTRACT_OUTCOMES = [("byte-order mark", "handled"), ("CRLF line ends", "handled"), ("invalid UTF-8", "error"),
                    ("empty file", "error"), ("whitespace-only input at prediction", "error")]


@pytest.mark.parametrize("kind, given, expected", CASES, ids=[f"{n}-{c[0]}" for n, c in enumerate(CASES)])
def test_each_input_gives_its_record_beside_good_ones(predictor, kind, given, expected):
    good, record, again = predictor.predict_batch_json([GOOD, given, GOOD])
    check(record, given, expected)
    assert_same_record(good, again)
    assert good["words"][:2] == ["John", "Smith"]


def assert_same_record(first, second):
    """The same output for the same sentence at two places of one batch: equal but for the relation scores, which
    may differ in the last bits (a matrix product rounds rows in different blocks differently with several
    threads)."""
    scores = [[relation.pop("score") for relation in record["relations"]] for record in (first, second)]
    assert first == second
    assert scores[0] == pytest.approx(scores[1], rel=1e-5)


def test_an_input_without_text_tokens_or_sentences_is_a_clear_error(predictor):
    with pytest.raises(ValueError, match=r'expected an object with "text" \(a string\), "tokens"'):
        predictor.predict_json({"id": "x", "text": 5})


def test_allennlp_predict_gives_one_record_per_line_whatever_the_line_holds(tmp_path):
    lines = [GOOD, {"id": "e1", "tokens": []}, {"id": "w1", "text": " \n "}, {"id": "g2", "tokens": ["Ann"]}]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    arguments = ["allennlp", "predict", str(tiny_archive()), str(tmp_path / "in.jsonl"), "--predictor",
                 "joint_ner_re", "--output-file", str(tmp_path / "out.jsonl"), "--silent", "--batch-size", "2"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "argv", arguments)
        main(prog="allennlp")
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [record["id"] for record in records] == ["good", "e1", "w1", "g2"]
    assert records[1]["words"] == [] and records[2]["words"] == [] and records[3]["words"] == ["Ann"]


def test_allennlp_extract_reports_unreadable_documents_by_name_and_extracts_the_rest(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    files = {"a_good.txt": "John Smith lives in Paris.".encode(), "b_bom.txt": "\ufeffAnn lives in Rome.".encode(),
             "c_crlf.txt": b"Ann lives in Rome.\r\nBo is here.\r\n", "d_latin1.txt": "caf\xe9 au lait".encode("latin-1"),
             "e_empty.txt": b"", "f_blank.txt": b" \n\t\n"}
    for name, data in files.items():
        (folder / name).write_bytes(data)
    arguments = ["allennlp", "extract", str(tiny_archive()), str(folder), "-o", str(tmp_path / "out.jsonl"), "--quiet"]
    with pytest.MonkeyPatch.context() as patch, pytest.raises(SystemExit) as exited:
        patch.setattr(sys, "argv", arguments)
        main(prog="allennlp")
    assert exited.value.code == 1  # some documents could not be read
    report = capsys.readouterr().err
    for name in ("d_latin1.txt", "e_empty.txt", "f_blank.txt"):
        assert name in report, report[-2000:]
    assert "expected utf-8 text" in report
    records = {Path(record["file"]).name: record for record in map(json.loads, (tmp_path / "out.jsonl").read_text().splitlines())}
    assert {"a_good.txt", "b_bom.txt", "c_crlf.txt"} <= set(records)
    assert "d_latin1.txt" not in records
    assert records["b_bom.txt"]["words"][0] == "Ann"  # the byte-order mark is no part of a word
    assert records["c_crlf.txt"]["words"] == ["Ann", "lives", "in", "Rome", ".", "Bo", "is", "here", "."]
