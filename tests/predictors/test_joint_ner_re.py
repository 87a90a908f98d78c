"""The predictor through the real CLI (`allennlp predict` without --use-dataset-reader, `allennlp evaluate`) and
as a library: documents of any length in, one output record per document."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from allennlp.models.archival import load_archive
from allennlp.predictors import Predictor

from tests.archive import archive  # noqa: F401  (a fixture)
from tests.conftest import FIXTURES

ALLENNLP = str(Path(sys.executable).parent / "allennlp")
NEWS = ("Maria Lopez works for Acme Corp in Boston. She met Tom Hale in Oslo last week.\n\n"
        "Anna Berg, of Nordic Bank, lives in Bergen. John Smith killed Bob Ray in Paris.")


@pytest.fixture(scope="module")
def predictor(archive):
    return Predictor.from_archive(load_archive(str(archive)), "joint_ner_re")


def check_record(output):
    """What every output record must hold, whatever the input form."""
    assert len(output["words"]) == len(output["tags"]) == output["sentences"][-1]["end"]
    assert [s["start"] for s in output["sentences"][1:]] == [s["end"] for s in output["sentences"][:-1]]
    for entity in output["entities"]:
        sentence = output["sentences"][entity["sentence"]]
        assert sentence["start"] <= entity["start"] < entity["end"] <= sentence["end"]
        if "char_start" in entity:
            assert output["text"][entity["char_start"]:entity["char_end"]] == entity["text"]
        else:
            assert entity["text"] == " ".join(output["words"][entity["start"]:entity["end"]])
    for relation in output["relations"]:
        head, tail = output["entities"][relation["head"]], output["entities"][relation["tail"]]
        assert head["sentence"] == tail["sentence"] and relation["head"] != relation["tail"]
        assert (relation["head_text"], relation["tail_text"]) == (head["text"], tail["text"])
        assert 0.0 < relation["score"] <= 1.0


def cli(*args, cwd):
    result = subprocess.run([ALLENNLP, *args], cwd=cwd, capture_output=True, text=True, env=os.environ.copy())
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def test_predict_from_the_cli_on_tokens_and_raw_text(archive, tmp_path):
    long_sentence = ("Maria Lopez works for Acme Corp in Boston and " * 40).split()
    inputs = [
        {"tokens": "John Smith lives in Paris .".split(), "id": "a"},
        {"text": "Anna Berg killed Tom Hale in Oslo."},
        {"tokens": long_sentence},  # ~800 word pieces: far past the tiny encoder's 64 positions
        {"text": NEWS, "id": "news"},
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(i) for i in inputs) + "\n")
    # from another directory, with --include-package (the repo's .allennlp_plugins is not visible there)
    cli("predict", str(archive), "in.jsonl", "--predictor", "joint_ner_re", "--include-package", "joint_ner_re",
        "--output-file", "out.jsonl", "--silent", "--batch-size", "2", cwd=tmp_path)
    outputs = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(outputs) == 4
    tokens_out, text_out, long_out, news_out = outputs
    assert tokens_out["words"] == inputs[0]["tokens"] and tokens_out["id"] == "a"
    assert text_out["text"] == inputs[1]["text"]
    assert text_out["words"] == ["Anna", "Berg", "killed", "Tom", "Hale", "in", "Oslo", "."]
    assert len(long_out["tags"]) == len(long_sentence) and len(long_out["sentences"]) == 1  # nothing truncated
    assert len(news_out["sentences"]) == 4  # a paragraph is cut into its sentences
    assert [news_out["text"][s["char_start"]:s["char_end"]] for s in news_out["sentences"]][2] == (
        "Anna Berg, of Nordic Bank, lives in Bergen.")
    assert any(output["relations"] for output in outputs)  # so that the checks see real entities and relations
    for output in outputs:
        check_record(output)
        for entity in output["entities"]:
            assert set(entity) - {"char_start", "char_end"} == {"start", "end", "type", "text", "sentence"}
        for relation in output["relations"]:
            assert set(relation) == {"head", "tail", "type", "score", "head_text", "tail_text"}
    for entity in text_out["entities"]:
        assert {"char_start", "char_end"} <= set(entity)


def test_predictor_rejects_input_without_text_tokens_or_sentences(predictor):
    with pytest.raises(ValueError, match='expected an object with "text"'):
        predictor.predict_json({"sentence": "no such key"})


def test_the_three_input_forms_give_one_record_each(predictor):
    words = [["Anna", "Berg", "lives", "in", "Oslo", "."], ["Tom", "Hale", "works", "for", "Acme", "."]]
    from_text = predictor.predict_json({"text": "Anna Berg lives in Oslo. Tom Hale works for Acme."})
    from_sentences = predictor.predict_json({"sentences": words, "id": 3})
    from_tokens = predictor.predict_json({"tokens": words[0]})
    for output in (from_text, from_sentences, from_tokens):
        check_record(output)
    assert from_text["words"] == from_sentences["words"] and len(from_text["sentences"]) == 2
    assert from_sentences["id"] == 3  # the input's words give way to the sentence boundaries:
    assert from_sentences["sentences"] == [{"start": 0, "end": 6}, {"start": 6, "end": 12}]
    strip = [{k: v for k, v in e.items() if not k.startswith("char_")} for e in from_text["entities"]]
    assert strip == from_sentences["entities"]  # same words, same predictions, with or without the text
    assert [e for e in from_sentences["entities"] if e["sentence"] == 0] == from_tokens["entities"]


def test_predictions_do_not_depend_on_batching_or_sorting(archive):
    inputs = [{"text": NEWS}, {"tokens": ("Maria Lopez works for Acme Corp in Boston and " * 30).split()},
              {"sentences": [["Tom", "Hale", "lives", "in", "Oslo", "."]]}]
    results = []
    for batch_size, max_padded_words in ((1, 4096), (32, 4096), (32, 40)):
        predictor = Predictor.from_archive(load_archive(str(archive)), "joint_ner_re", extra_args={
            "batch_size": batch_size, "max_padded_words": max_padded_words})
        results.append(predictor.predict_batch_json(inputs))
    for other in results[1:]:
        for expected, got in zip(results[0], other):
            assert got["entities"] == expected["entities"] and got["tags"] == expected["tags"]
            assert [(r["head"], r["tail"], r["type"]) for r in got["relations"]] == [
                (r["head"], r["tail"], r["type"]) for r in expected["relations"]]
            assert [r["score"] for r in got["relations"]] == pytest.approx([r["score"] for r in expected["relations"]],
                                                                            abs=1e-4)


def test_one_instance_per_input_only_for_one_sentence(predictor):
    instance = predictor._json_to_instance({"text": "Tom Hale lives in Oslo."})
    assert [t.text for t in instance["tokens"].tokens] == ["Tom", "Hale", "lives", "in", "Oslo", "."]
    with pytest.raises(ValueError, match="one sentence"):
        predictor._json_to_instance({"text": "One. Two."})


def test_evaluate_from_the_cli_prints_every_metric(archive, tmp_path):
    result = cli("evaluate", str(archive), str(FIXTURES / "conll04_like.json"), "--output-file", "metrics.json",
                 cwd=Path(__file__).resolve().parents[2])  # the repo root: found through .allennlp_plugins
    metrics = json.loads((Path(__file__).resolve().parents[2] / "metrics.json").read_text())
    os.remove(Path(__file__).resolve().parents[2] / "metrics.json")
    for name in ("ner_f1", "ner_macro_f1", "rel_strict_f1", "rel_boundaries_f1", "rel_paper_f1",
                 "rel_strict_macro_f1", "overall_f1", "ner_f1_Peop", "rel_strict_f1_Work_For"):
        assert name in metrics
    assert "rel_strict_f1" in result.stdout + result.stderr


def test_an_input_without_words_gives_an_empty_record_and_the_others_go_on(predictor):
    records = predictor.predict_batch_json([{"text": " \n", "id": 1}, {"tokens": []}, {"text": "Tom lives in Oslo."}])
    for record in records[:2]:
        assert record["words"] == record["tags"] == record["sentences"] == record["entities"] == record["relations"] == []
    assert records[0]["id"] == 1 and records[2]["words"] == ["Tom", "lives", "in", "Oslo", "."]
