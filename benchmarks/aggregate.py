"""Aggregate per-run test metrics (from `allennlp evaluate --output-file`) into one result JSON, F1 in percent.

    python benchmarks/aggregate.py --encoder NAME --config CONFIG --command TEXT --output results.json RUN_DIR ...

Each RUN_DIR is a run folder of `allennlp cross-validate` or `benchmarks/experiment.py` (seed_N or fold_N): an
`allennlp train` serialization folder that also holds test_metrics.json (or the file named by --metrics-file) and
wall_seconds. The trainer settings are copied from the first run's config.json.
"""
import argparse
import json
import sys
from pathlib import Path

from joint_ner_re.commands.cross_validate import summarise
from joint_ner_re.data.bioes import DEFAULT_OVERLAP_POLICY

# result key -> metric name in test_metrics.json (all micro-averaged, see joint_ner_re/metrics/joint_f1.py)
SCORES = {
    "ner_f1": "ner_f1",
    "rel_strict_f1": "rel_strict_f1",
    "rel_boundaries_f1": "rel_boundaries_f1",
    "rel_paper_f1": "rel_paper_f1",
    "ner_macro_f1": "ner_macro_f1",
    "rel_strict_macro_f1": "rel_strict_macro_f1",
    "overall_f1": "overall_f1",
    "ner_precision": "ner_precision",
    "ner_recall": "ner_recall",
    "rel_strict_precision": "rel_strict_precision",
    "rel_strict_recall": "rel_strict_recall",
    "rel_boundaries_macro_f1": "rel_boundaries_macro_f1",
    "rel_paper_macro_f1": "rel_paper_macro_f1",
    "overall_macro_f1": "overall_macro_f1",
}


def summary(values):
    """Mean and sample std (0.0 for one run), rounded, and every run's value."""
    spread = summarise(values)
    return {"mean": round(spread["mean"], 2), "std": round(spread["std"] or 0.0, 2), "runs": [round(v, 2) for v in values]}


def _settings(run: Path) -> dict:
    """The training settings of a run, and its whole model block (every option that shapes the model)."""
    config = json.loads((run / "config.json").read_text())
    trainer = config["trainer"]
    optimizer, loader = trainer["optimizer"], config["data_loader"]
    # the template gives the encoder's groups (`embedder.`) their own rate and leaves the rest at the optimizer's
    encoder_lrs = [
        options["lr"] for patterns, options in optimizer.get("parameter_groups", [])
        if "lr" in options and any(pattern.startswith("^embedder") for pattern in patterns)
    ]
    model = {key: value for key, value in config["model"].items() if key != "embedder"}
    embedder = config["model"]["embedder"]["token_embedders"]["tokens"]
    # over how many epochs the relation loss weight rises to its full value; None: no entity pretraining
    pretraining = [c.get("epochs", 1.0) for c in trainer.get("callbacks", []) if c["type"] == "entity_pretraining"]
    return {
        "num_epochs": trainer["num_epochs"],
        "batch_size": loader.get("batch_size") or loader["batch_sampler"]["batch_size"],
        "bucketed_batches": "batch_sampler" in loader,
        "optimizer": optimizer["type"],
        "encoder_lr": encoder_lrs[0] if encoder_lrs else optimizer["lr"],
        "head_lr": optimizer["lr"],
        "warmup_fraction": trainer["learning_rate_scheduler"]["warmup_fraction"],
        "sub_token_mode": embedder.get("sub_token_mode", "first"),
        "last_layer_only": embedder.get("last_layer_only", True),
        "moving_average": trainer.get("moving_average"),
        "entity_pretraining_epochs": pretraining[0] if pretraining else None,
        "overlap_policy": config["dataset_reader"].get("overlap_policy", DEFAULT_OVERLAP_POLICY),
        "model": model,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--encoder", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--overrides", default="", help="the JSON overrides the runs were trained with")
    parser.add_argument("--metrics-file", default="test_metrics.json")
    parser.add_argument("--note", default="", help="what differs from the config, if anything")
    parser.add_argument("--command", default="", help="the command that made the runs")
    parser.add_argument("runs", nargs="+")
    args = parser.parse_args(argv)
    runs = [Path(run) for run in args.runs]
    metrics = [json.loads((run / args.metrics_file).read_text()) for run in runs]
    result = {
        "encoder": args.encoder,
        "config": args.config,
        "overrides": args.overrides,
        "settings": _settings(runs[0]),
        "note": args.note,
        "command": args.command,
        "seeds": [run.name.replace("seed_", "") for run in runs],
        "split": "test",
        "wall_seconds": summary([float((run / "wall_seconds").read_text()) for run in runs]),
        "best_epochs": [json.loads((run / "metrics.json").read_text()).get("best_epoch") for run in runs],
        # the relation threshold tuned on validation (experiment.py --tune-threshold); None: the argmax rule
        "relation_thresholds": [
            json.loads((run / "threshold.json").read_text())["best_threshold"] if (run / "threshold.json").is_file()
            else None
            for run in runs
        ],
    }
    for key, name in SCORES.items():
        if all(name in m for m in metrics):
            result[key] = summary([100 * m[name] for m in metrics])
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(result, indent=2) + "\n")
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
