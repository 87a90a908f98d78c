"""benchmarks/speed.py end to end on the tiny encoder: the JSON it writes, the tables made from it. Timings are
never asserted."""
import json

import speed
from tests.conftest import CONFIG, ROOT


def test_speed_harness_writes_every_measure(conll04_data, tmp_path, capsys):
    output = tmp_path / "speed.json"
    speed.main([
        "--config", str(CONFIG.relative_to(ROOT)), "--train-repeats", "1", "--repeats", "1", "--batch-sizes", "1", "4",
        "--cli-batch-size", "4", "--profile", "--output", str(output), "--work", str(tmp_path / "work"),
        "--note", "test",
    ])
    result = json.loads(output.read_text())
    training = result["training"]
    assert set(training["configurations"]) == {"previous", "current"}
    assert training["configurations"]["previous"]["bucket_batches"] is False
    assert training["configurations"]["current"]["bucket_batches"] is True
    assert training["configurations"]["previous"]["optimizer"] == "adamw"
    assert training["configurations"]["current"]["optimizer"] == "fused_adamw"
    for name in ("previous", "current"):  # each trained with its own optimizer
        config = json.loads((tmp_path / "work" / f"train_{name}_0" / "config.json").read_text())
        assert config["trainer"]["optimizer"]["type"] == training["configurations"][name]["optimizer"]
    assert training["sentences"] == 12 and training["speedup"]["median"] > 0
    prediction = result["prediction"]
    assert prediction["sentences"] == 12 and prediction["archive"] == training["archive"]
    assert set(prediction["encoder_floor_ratio"]) == {"1", "4"}
    for size in ("1", "4"):
        assert set(prediction["results"][size]) == set(speed.PATHS)
        assert len(prediction["results"][size]["predict"]["seconds"]["runs"]) == 1
        assert result["breakdown"][size]["stages"]["model forward"]["seconds"] > 0
    assert result["cli"]["sentences"] == 12 and result["cli"]["peak_rss_mb"] > 0
    # the CLI and the in-process path (here the whole file through one _PredictManager) write the same predictions
    cli = (tmp_path / "work" / "cli_output.jsonl").read_text().splitlines()
    in_process = (tmp_path / "work" / "prediction" / "output_4.jsonl").read_text().splitlines()
    assert len(cli) == 12 and cli == in_process
    printed = capsys.readouterr().out
    assert "| batch | predict (end to end)" in printed and "| previous | false |" in printed
    assert speed.tables(result) in printed


def test_table_reprints_a_result_file(tmp_path, capsys):
    result = {
        "note": "n",
        "prediction": {
            "test_file": "t.json", "sentences": 2, "repeats": 1, "device": "cpu", "peak_rss_mb": 1, "rss_before_mb": 1,
            "results": {"1": {path: {"sentences_per_second": {"median": 1.0, "best": 2.0}} for path in speed.PATHS}},
            "encoder_floor_ratio": {"1": 0.5}, "encoder_floor_ratio_best": {"1": 0.6},
        },
    }
    path = tmp_path / "r.json"
    path.write_text(json.dumps(result))
    speed.main(["--table", str(path)])
    assert "| 1 | 1.0 (2.0) | 1.0 (2.0) | 1.0 (2.0) | 1.0 (2.0) | 0.50 / 0.60 |" in capsys.readouterr().out


def test_parse_duration():
    assert speed.parse_duration("0:01:23.5") == 83.5
    assert speed.parse_duration("1 day, 0:00:01") == 86401
