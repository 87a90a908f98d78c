"""benchmarks/paper_tables.py on hand-made result files: Table 2's Δ to the full model and whether it is beyond the
seed spread, the ADE row beside the published ones."""
import json

import pytest

import paper_tables


def score(mean, std=1.0):
    return {"mean": mean, "std": std, "runs": [mean]}


def result(ner, relation, overall, std=1.0):
    return {
        "seeds": ["1", "2", "3"], "note": "test note", "settings": {"num_epochs": 4},
        "ner_f1": score(ner), "rel_strict_f1": score(relation), "rel_paper_f1": score(relation + 1),
        "overall_f1": score(overall, std), "wall_seconds": score(400.0),
        "ner_macro_f1": score(ner), "rel_strict_macro_f1": score(relation), "rel_paper_macro_f1": score(relation + 2),
    }


@pytest.fixture
def results(tmp_path, monkeypatch):
    monkeypatch.setattr(paper_tables, "RESULTS", tmp_path)
    return tmp_path


def test_table_2_gives_each_delta_to_the_full_model_and_says_whether_it_is_beyond_the_spread(results):
    assert paper_tables.ablation_table() is None  # nothing to build from
    overall = {"full": 65.0, "no_entity_pretraining": 64.5, "no_entity_embeddings": 62.0, "shared_ffnn": 65.0,
               "no_head_tail_ffnn": 66.5, "no_bilinear": 63.9, "gold_entities": 75.0}
    for name, value in overall.items():
        std = 2.0 if name == "no_head_tail_ffnn" else 1.0
        (results / f"conll04_minilm_ablation_{name}.json").write_text(json.dumps(result(80.0, 50.0, value, std)))
    rows = {line.split(" | ")[0][2:]: line.split(" | ") for line in paper_tables.ablation_table().splitlines()[2:9]}
    assert rows["full model"][5:7] == ["–", "–"]
    assert rows["(a) no entity pretraining"][5:7] == ["-0.50", "no"]  # |−0.5| < 1.0
    assert rows["(b) no entity embeddings"][5:7] == ["-3.00", "yes"]
    assert rows["(d) no head/tail FFNN"][5:7] == ["+1.50", "no"]  # within its own std of 2.0
    assert rows["(e) no bilinear term"][5:7] == ["-1.10", "yes"]
    assert rows["(b) no entity embeddings"][1:4] == ["80.00 ± 1.00", "50.00 ± 1.00", "51.00 ± 1.00"]


def test_the_ade_row_stands_beside_the_published_ones(results):
    (results / "ade_minilm_paper.json").write_text(json.dumps({**result(88.0, 70.0, 79.0), "seeds": list("0123456789")}))
    lines = paper_tables.ade_table().splitlines()
    assert lines[2] == "| ours, MiniLM-L6, the paper's protocol | 88.00 ± 1.00 | 70.00 ± 1.00 | 72.00 ± 1.00 | 10 | 4 |"
    assert "| 89.56 |  | 85.77 |" in lines[3] and "| 89.25 | 79.24 |  |" in lines[4]


def test_the_candidate_rule_line_compares_the_same_models_scored_both_ways(results):
    assert paper_tables.candidates_line() is None
    paper, every = result(80.0, 50.0, 65.0), result(80.0, 50.0, 65.0)
    paper["rel_strict_f1"] = {"mean": 50.0, "std": 1.0, "runs": [49.0, 50.0, 51.0]}
    every["rel_strict_f1"] = {"mean": 50.1, "std": 1.1, "runs": [49.0, 50.3, 51.0]}
    (results / "conll04_minilm_ablation_full.json").write_text(json.dumps(paper))
    (results / "conll04_minilm_ablation_full_entity_candidates.json").write_text(json.dumps(every))
    line = paper_tables.candidates_line()
    assert "50.10 ± 1.10 against 50.00 ± 1.00 (+0.10; the same on 2 of 3 seeds)" in line
