"""benchmarks/lever_table.py on hand-made result files: Δ against the base row of the same corpus, the setting
column naming what a row changes."""
import json

import lever_table
from lever_table import load, table


def result(strict, model=None, seeds=("1",), thresholds=(None,), bucketed=False):
    runs = [strict + i for i in range(len(seeds))]
    summary = lambda values: {"mean": sum(values) / len(values), "std": 0.5 if len(values) > 1 else 0.0,
                              "runs": values}
    return {
        "seeds": list(seeds), "relation_thresholds": list(thresholds), "overrides": "{}",
        "settings": {"num_epochs": 12, "bucketed_batches": bucketed,
                     "model": {"type": "joint_ner_re", **(model or {})}},
        "ner_f1": summary([85.0] * len(seeds)), "rel_strict_f1": summary(runs),
        "rel_strict_precision": summary([60.0] * len(seeds)), "rel_strict_recall": summary([50.0] * len(seeds)),
        "wall_seconds": summary([600.0] * len(seeds)),
    }


def test_rows_say_what_they_change_and_their_delta_to_the_row_they_extend(tmp_path):
    span = {"entity_representation": {"type": "span"}}
    files = {
        "conll04_minilm_lever_base.json": result(58.0),
        "conll04_minilm_lever_span.json": result(60.5, span),
        "scienceie_minilm_lever_base.json": result(18.0),
        "scienceie_minilm.json": result(25.0, span, seeds=("1", "2"), thresholds=(0.3, 0.4), bucketed=True),
        "scienceie_minilm_lever_recipe_light.json": result(24.0, {**span, "dropout": 0.2}, thresholds=(0.5,),
                                                           bucketed=True),
        "unrelated.json": {},
    }
    for name, content in files.items():
        (tmp_path / name).write_text(json.dumps(content))
    lines = table(load(tmp_path)).splitlines()
    assert lines[0].startswith("| lever | setting | seeds | Δ against | conll04 NER | conll04 Δ NER | conll04 RE |")
    base, recipe, light, span_row = lines[2:6]
    assert base.startswith("| base | as configured | 1 | – |")
    assert span_row.startswith('| span | `model.entity_representation: {"type": "span"}` | 1 | base |')
    assert "| +2.50 |" in span_row
    assert "`bucketed_batches: true`" in recipe and "threshold tuned on dev" in recipe
    assert "| 25.50 ± 0.50 |" in recipe and "| +7.50 |" in recipe  # mean of 25 and 26 against 18
    assert recipe.count("–") == 6  # not run on CoNLL04
    # a variant of the recipe: compared with the recipe, naming only what it changes
    assert light.startswith("| recipe_light | `model.dropout: 0.2` | 1 | recipe |") and "| -1.50 |" in light


def test_a_setting_older_result_files_lack_is_compared_with_the_value_it_had_then(tmp_path):
    recipe = result(64.0, seeds=("1", "2"), bucketed=True)
    same, averaged = (result(63.0, bucketed=True) for _ in range(2))
    same["settings"].update(sub_token_mode="first", entity_pretraining_epochs=1.0)
    averaged["settings"].update(sub_token_mode="avg", entity_pretraining_epochs=0.2, overlap_policy="keep_first")
    averaged["ner_f1"] = {"mean": 86.25, "std": 0.0, "runs": [86.25]}
    files = {"conll04_minilm.json": recipe, "conll04_minilm_lever_recipe_same.json": same,
             "conll04_minilm_lever_recipe_avg.json": averaged}
    for name, content in files.items():
        (tmp_path / name).write_text(json.dumps(content))
    rows = {line.split(" | ")[0][2:]: line for line in table(load(tmp_path)).splitlines()[2:]}
    assert rows["recipe_avg"].startswith(
        '| recipe_avg | `sub_token_mode: "avg"`, `entity_pretraining_epochs: 0.2`, `overlap_policy: "keep_first"` | 1 | recipe |'
        ' 86.25 | +1.25 | 63.00 |')
    assert rows["recipe_same"].startswith("| recipe_same | the same settings | 1 | recipe | 85.00 | +0.00 |")


def test_the_table_goes_into_the_readme_between_its_markers(tmp_path, monkeypatch):
    (tmp_path / "conll04_minilm_lever_base.json").write_text(json.dumps(result(58.0)))
    written = {}
    monkeypatch.setattr(lever_table, "write_readme", written.update)
    lever_table.main([str(tmp_path), "--write-readme"])
    assert written["levers"].splitlines()[2].startswith("| base | as configured | 1 | – | 85.00 | – | 58.00 |")
