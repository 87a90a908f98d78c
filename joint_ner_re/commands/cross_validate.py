"""``allennlp cross-validate CONFIG -s DIR``: train and score a config over folds and/or seeds, resumably.

Each run is AllenNLP's own ``allennlp train`` (into ``DIR/RUN``), then, with ``--tune-threshold``, ``allennlp
tune-threshold`` on the run's validation data, then ``allennlp evaluate`` on its test data, written to
``DIR/RUN/test_metrics.json`` last. On a rerun a run with that file is kept; any other run folder (an interrupted
run) is removed and the run starts again from scratch. ``DIR/summary.json`` (every metric: mean, sample standard
deviation, the value of every run) and ``DIR/summary.md`` are written once every run is done.

Runs:
  --folds K                the configured training data (train_data_path, one path) split into K folds of whole
                           documents (drawn with --fold-seed): run ``fold_I`` trains on the other folds less a
                           held-out 10% of their documents (its validation data) and is scored on fold I
                           (the data paths PATH#not-fold=I/K#rest, PATH#not-fold=I/K#holdout, PATH#fold=I/K).
  --folds K --config-folds the config picks its own files for fold I from JNR_FOLD=I (published folds: SpERT's ten
                           ADE folds, the ACE04 folds of the LSTM-ER preprocessing).
  --seeds 1,2,3            each fold (or the config's own split, without --folds) once per seed.
  --only fold_0,fold_3     these runs only (several processes or machines can share one cross-validation).
"""
import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence

from allennlp.common import Params

from joint_ner_re.commands.subcommands import register_subcommand, run_standalone

METRICS_FILE = "test_metrics.json"
SEED_KEYS = ("random_seed", "numpy_seed", "pytorch_seed")
EXT_VARS = ("JNR_ENCODER", "JNR_DATA", "JNR_FOLD")


class Run(NamedTuple):
    """One training run: its folder name, its config overrides and the environment it adds."""

    name: str
    overrides: Dict[str, Any]
    env: Dict[str, str]


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("config", help="a training config (Jsonnet)")
    parser.add_argument("-s", "--serialization-dir", required=True, help="one folder per run, and the summary")
    parser.add_argument("--folds", type=int, help="the number of folds (K)")
    parser.add_argument("--fold-seed", type=int, default=13, help="draws the folds of --folds (default 13)")
    parser.add_argument("--config-folds", action="store_true",
                        help="the config's data paths name fold I through JNR_FOLD (published folds)")
    parser.add_argument("--seeds", help="comma-separated random seeds, e.g. 1,2,3 (default: the config's seed)")
    parser.add_argument("-o", "--overrides", default="{}", help="JSON overrides for every run (as allennlp train -o)")
    parser.add_argument("--only", help="comma-separated run names to run now (e.g. fold_0,fold_1: share the folds "
                        "between machines or processes); the summary is written once every run is done")
    parser.add_argument("--tune-threshold", action="store_true",
                        help="tune the relation threshold on each run's validation data before scoring its test data")


def _run(args: argparse.Namespace) -> None:
    if args.folds is None and args.config_folds:
        raise SystemExit("--config-folds needs --folds K (how many folds the config has)")
    if args.folds is None and not args.seeds:
        raise SystemExit("give --folds K, --seeds S1,S2,... or both")
    seeds = [int(seed) for seed in args.seeds.split(",")] if args.seeds else []
    overrides = json.loads(args.overrides)
    env = dict(os.environ)
    runs = plan_runs(args.config, overrides, env, args.folds, args.fold_seed, args.config_folds, seeds)
    directory = Path(args.serialization_dir)
    packages = ["joint_ner_re", *getattr(args, "include_package", [])]  # the allennlp launcher's option
    names = [run.name for run in runs]
    only = args.only.split(",") if args.only else names
    unknown = sorted(set(only) - set(names))
    if unknown:
        raise SystemExit(f"--only: no run named {', '.join(unknown)} (the runs: {', '.join(names)})")
    cross_validate(args.config, [run for run in runs if run.name in only], directory, env, args.tune_threshold,
                   packages)
    missing = [name for name in names if not (directory / name / METRICS_FILE).is_file()]
    if missing:
        print(f"{len(names) - len(missing)} of {len(names)} runs done; the summary is written once every run is "
              f"(left: {', '.join(missing)})")
        return
    protocol = {
        "config": args.config, "overrides": overrides, "folds": args.folds, "fold_seed": args.fold_seed,
        "config_folds": args.config_folds, "seeds": seeds, "tune_threshold": args.tune_threshold,
    }
    summary = write_summary(directory, names, protocol)
    print((directory / "summary.md").read_text())
    print(f"{directory / 'summary.json'}: {len(summary['runs'])} runs")


CrossValidate = register_subcommand(
    "cross-validate", __doc__.split("\n\n", 1)[1], "Train and score a config over folds and seeds.",
    _add_arguments, _run,
)


def config_params(config: str, overrides: Mapping[str, Any], env: Mapping[str, str]) -> Params:
    """The config as ``allennlp train`` reads it with ``overrides`` and the environment ``env``."""
    ext_vars = {name: env.get(name, "") for name in EXT_VARS}
    return Params.from_file(config, json.dumps(overrides), ext_vars=ext_vars)


def plan_runs(
    config: str,
    overrides: Dict[str, Any],
    env: Mapping[str, str],
    folds: Optional[int] = None,
    fold_seed: int = 13,
    config_folds: bool = False,
    seeds: Sequence[int] = (),
) -> List[Run]:
    """The runs of a cross-validation, in order: each fold (or the config's split), each seed."""
    parts: List[Run] = [Run("", dict(overrides), {})]
    if folds is not None:
        if folds < 2:
            raise SystemExit(f"--folds: expected at least 2, got {folds}")
        if config_folds:
            parts = [Run(f"fold_{i}", dict(overrides), {"JNR_FOLD": str(i)}) for i in range(folds)]
        else:
            data = config_params(config, overrides, env).get("train_data_path")
            if not isinstance(data, str) or "#" in data:
                raise SystemExit(
                    f"{config}: --folds splits one data path (train_data_path), got {data!r}; "
                    "give a config whose training data is one file or folder, or use --config-folds"
                )
            parts = [
                Run(f"fold_{i}", {
                    **overrides,
                    "train_data_path": f"{data}#not-fold={i}/{folds}#rest",
                    "validation_data_path": f"{data}#not-fold={i}/{folds}#holdout",
                    "test_data_path": f"{data}#fold={i}/{folds}",
                    "dataset_reader.fold_seed": fold_seed,
                }, {})
                for i in range(folds)
            ]
    if not seeds:
        return parts
    return [
        Run("/".join(filter(None, [part.name, f"seed_{seed}"])),
            {**part.overrides, **{key: seed for key in SEED_KEYS}}, part.env)
        for part in parts
        for seed in seeds
    ]


def cross_validate(config: str, runs: Sequence[Run], directory: Path, env: Mapping[str, str],
                   tune_threshold: bool = False, packages: Sequence[str] = ("joint_ner_re",)) -> None:
    """Every run not done before, in order, with progress and an estimate of the time left."""
    todo = [run for run in runs if not (directory / run.name / METRICS_FILE).is_file()]
    if len(todo) < len(runs):
        print(f"{len(runs) - len(todo)} of {len(runs)} runs done before, kept", flush=True)
    times: List[float] = []
    for number, run in enumerate(todo, 1):
        where = directory / run.name
        print(f"[{number}/{len(todo)}] {run.name}: training (log: {where}.log)", flush=True)
        run_once(config, run, where, {**env, **run.env}, tune_threshold, packages)
        times.append(float((where / "wall_seconds").read_text()))
        metrics = json.loads((where / METRICS_FILE).read_text())
        left = statistics.mean(times) * (len(todo) - number)
        scores = ", ".join(f"{key} {100 * metrics[key]:.2f}" for key in ("ner_f1", "rel_strict_f1") if key in metrics)
        print(f"[{number}/{len(todo)}] {run.name}: done in {times[-1]:.0f} s ({scores}); about "
              f"{left / 60:.0f} min left", flush=True)


def run_once(config: str, run: Run, where: Path, env: Mapping[str, str], tune_threshold: bool = False,
             packages: Sequence[str] = ("joint_ner_re",), trained: Optional[Path] = None) -> None:
    """Train (or take the run folder ``trained``: same model, scored again), tune the threshold if asked, score
    the test data. ``where`` is removed first: an interrupted run restarts from scratch."""
    if where.exists():
        shutil.rmtree(where)
    where.parent.mkdir(parents=True, exist_ok=True)
    log = where.parent / f"{where.name}.log"
    log.unlink(missing_ok=True)
    start = time.time()
    archive, plugins = str(where / "model.tar.gz"), [arg for p in packages for arg in ("--include-package", p)]
    params = config_params(config, run.overrides, env)
    if params.get("test_data_path") is None:
        raise SystemExit(f"{config}: expected test_data_path, the data each run is scored on")

    def allennlp(*command: str) -> None:
        with open(log, "a") as handle:
            done = subprocess.run([sys.executable, "-m", "allennlp", *command, *plugins], env=dict(env),
                                  stdout=handle, stderr=subprocess.STDOUT)
        if done.returncode:
            raise SystemExit(f"{where}: `allennlp {command[0]}` failed (exit {done.returncode}), see {log}")

    evaluation_overrides: Dict[str, Any] = {}
    if trained is None:
        allennlp("train", config, "-s", str(where), "-o", json.dumps(run.overrides))
    else:  # the overrides change how the trained model is run (e.g. a decoding rule), not its training
        where.mkdir()
        for name in ("config.json", "metrics.json", "model.tar.gz"):
            (where / name).symlink_to((trained / name).resolve())
        start -= float((trained / "wall_seconds").read_text())
        evaluation_overrides = {key: value for key, value in run.overrides.items() if key not in SEED_KEYS}
    if tune_threshold:
        validation = params.get("validation_data_path")
        if validation is None:
            raise SystemExit(f"{config}: --tune-threshold needs validation data (validation_data_path)")
        allennlp("tune-threshold", archive, json.dumps(validation) if not isinstance(validation, str) else validation,
                 "--output-file", str(where / "threshold.json"))
        threshold = json.loads((where / "threshold.json").read_text())["best_threshold"]
        evaluation_overrides["model.relation_threshold"] = threshold
    partial = where / (METRICS_FILE + ".partial")
    allennlp("evaluate", archive, params["test_data_path"], "--output-file", str(partial),
             "--overrides", json.dumps(evaluation_overrides))
    (where / "wall_seconds").write_text(f"{time.time() - start:.0f}\n")
    partial.rename(where / METRICS_FILE)  # written last: the run is done


def summarise(values: Sequence[float]) -> Dict[str, Any]:
    """Mean and sample standard deviation (n - 1; None for one value)."""
    return {
        "mean": statistics.mean(values),
        "std": statistics.stdev(values) if len(values) > 1 else None,
    }


def write_summary(directory: Path, names: Sequence[str], protocol: Mapping[str, Any]) -> Dict[str, Any]:
    """``summary.json`` and ``summary.md`` from the runs' test metrics (numbers as ``allennlp evaluate`` wrote them:
    F1, precision and recall as fractions); a metric missing from some run is left out."""
    metrics = {name: json.loads((directory / name / METRICS_FILE).read_text()) for name in names}
    walls = {name: float((directory / name / "wall_seconds").read_text()) for name in names}
    keys = [key for key, value in metrics[names[0]].items()
            if isinstance(value, (int, float)) and all(key in m for m in metrics.values())]
    summary = {
        "protocol": dict(protocol),
        "runs": list(names),
        "metrics": {
            key: {**summarise([metrics[n][key] for n in names]), "values": {n: metrics[n][key] for n in names}}
            for key in keys
        },
        "wall_seconds": {**summarise(list(walls.values())), "values": walls},
    }
    (directory / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    (directory / "summary.md").write_text(markdown_table(summary))
    return summary


_SCORE = re.compile(r"_(f1|precision|recall)(_|$)")  # rel_strict_f1, ner_recall_Peop, ...


def _percent(key: str) -> bool:
    return _SCORE.search(key) is not None


def markdown_table(summary: Mapping[str, Any]) -> str:
    """One row per metric: mean ± sample std, then every run's value (F1, precision, recall in percent)."""
    names = summary["runs"]
    lines = ["| metric | mean ± std | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
    for key, entry in summary["metrics"].items():
        scale = 100.0 if _percent(key) else 1.0

        def show(value: Optional[float]) -> str:
            return "–" if value is None or math.isnan(value) else f"{scale * value:.2f}"

        values = " | ".join(show(entry["values"][name]) for name in names)
        lines.append(f"| {key} | {show(entry['mean'])} ± {show(entry['std'])} | {values} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    run_standalone("joint_ner_re.commands.cross_validate", __doc__, _add_arguments, _run)
