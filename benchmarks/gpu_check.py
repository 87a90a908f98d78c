"""GPU check: train CoNLL04 with mixed precision, time the epoch and prediction, and exercise the autocast path.

    bash benchmarks/gpu_check.sh [OPTIONS]       # on the GPU machine: installs the wheelhouse first (docs/speed.md)
    python benchmarks/gpu_check.py [OPTIONS]     # where the dependencies are installed already

By default: ``training_config/conll04_minilm.jsonnet`` (``bucket_batches: true``) trained for one epoch with
``trainer.use_amp: true`` and ``trainer.cuda_device: 0``, validation off, in this process (``allennlp``'s own
``train_model_from_file``); the epoch time is the trainer's ``training_duration``. Then the archive is loaded on the
same device and ``conll04_test.json`` predicted at batch sizes 1, 16 and 64 through the four paths of
``benchmarks/speed.py`` (``allennlp predict`` end to end, ``forward_on_instances``, model forward, bare encoder),
once in float32 and once under ``torch.autocast`` (float16 on a GPU, bfloat16 on a CPU), and the predictions of
the two compared sentence by sentence. Writes ``benchmarks/results/gpu_check.json`` (``--output``) and prints a
summary. ``--cuda-device -1 --no-amp`` runs the same on a CPU (the test does, with the tiny encoder).
"""
import argparse
import contextlib
import json
import math
import sys
import time
from pathlib import Path
from typing import Any, Dict, List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from speed import (  # noqa: E402
    BATCH_SIZES, CONFIG, TEST_FILE, TRAIN_FILE, count_sentences, input_lines, load_predictor, measure_prediction,
    parse_duration, peak_rss_mb, prepare_environment, start, subset, training_config,
)

OUTPUT = ROOT / "benchmarks" / "results" / "gpu_check.json"
WORK = ROOT / "benchmarks" / "runs" / "gpu_check"


def device_state(cuda_device: int) -> Dict[str, Any]:
    import torch

    state = {"cuda_available": torch.cuda.is_available(), "cuda_device": cuda_device}
    if cuda_device >= 0:
        properties = torch.cuda.get_device_properties(cuda_device)
        state.update(name=properties.name, memory_gib=round(properties.total_memory / 2**30, 1),
                     cuda=torch.version.cuda, bf16_supported=torch.cuda.is_bf16_supported())
    return state


def train(args, train_path: Path) -> Dict[str, Any]:
    """One ``allennlp train`` in this process; the trainer's epoch time and its memory figures."""
    import torch
    from allennlp.commands.train import train_model_from_file

    work = Path(args.work)
    config = training_config(work, args.config, True, train_path, json.loads(args.train_overrides),
                             epochs=args.epochs, validation=args.validate)
    run = work / "train"
    overrides = {"trainer.cuda_device": args.cuda_device, "trainer.use_amp": args.amp}
    if args.cuda_device >= 0:
        torch.cuda.reset_peak_memory_stats(args.cuda_device)
    start = time.perf_counter()
    train_model_from_file(str(config), str(run), overrides=json.dumps(overrides), force=True,
                          file_friendly_logging=True)
    wall = time.perf_counter() - start
    metrics = json.loads((run / "metrics.json").read_text())
    seconds = parse_duration(metrics["training_duration"])
    epochs = metrics["epoch"] + 1
    sentences = count_sentences(train_path)
    result = {
        "config": args.config,
        "train_file": str(train_path),
        "sentences": sentences,
        "epochs": epochs,
        "validation": args.validate,
        "use_amp": args.amp,
        "training_seconds": round(seconds, 2),
        "seconds_per_epoch": round(seconds / epochs, 2),
        "sentences_per_second": round(sentences * epochs / seconds, 2),
        "process_wall_seconds": round(wall, 2),
        "training_loss": metrics.get("training_loss"),
        "loss_is_finite": math.isfinite(metrics.get("training_loss", float("nan"))),
        "trainer_memory_mb": {k: v for k, v in metrics.items() if k.startswith("peak_") and k.endswith("_MB")},
        "archive": str(run / "model.tar.gz"),
    }
    if args.cuda_device >= 0:
        result["max_gpu_memory_allocated_mb"] = round(torch.cuda.max_memory_allocated(args.cuda_device) / 2**20)
    return result


def autocast_context(device: str):
    """Autocast as the trainer's ``use_amp`` applies it on a GPU (float16); bfloat16 on a CPU."""
    import torch

    dtype = torch.float16 if device == "cuda" else torch.bfloat16
    return lambda: torch.autocast(device, dtype=dtype), str(dtype).replace("torch.", "")


def predictions(predictor, lines: List[str], batch_size: int, context) -> List[Dict[str, Any]]:
    outputs = []
    with context():
        for first in range(0, len(lines), batch_size):
            outputs += predictor.predict_batch_json([json.loads(line) for line in lines[first : first + batch_size]])
    return outputs


def agreement(reference: List[Dict[str, Any]], other: List[Dict[str, Any]]) -> Dict[str, Any]:
    """How many sentences get the same entities and the same relations (spans and types), and whether every
    relation score under autocast is a finite probability."""
    def entities(output):
        return [(e["start"], e["end"], e["type"]) for e in output["entities"]]

    def relations(output):
        return [(r["head"], r["tail"], r["type"]) for r in output["relations"]]

    scores = [r["score"] for output in other for r in output["relations"]]
    return {
        "sentences": len(reference),
        "same_entities": sum(entities(a) == entities(b) for a, b in zip(reference, other)),
        "same_relations": sum(relations(a) == relations(b) for a, b in zip(reference, other)),
        "relations_fp32": sum(len(o["relations"]) for o in reference),
        "relations_autocast": sum(len(o["relations"]) for o in other),
        "scores_finite": all(math.isfinite(s) and 0.0 <= s <= 1.0 for s in scores),
    }


def main(argv=None) -> Dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", default=CONFIG)
    parser.add_argument("--train-overrides", default="{}", help="JSON fields added to the training config")
    parser.add_argument("--cuda-device", type=int, default=None, help="default: 0 where CUDA is available, else -1")
    parser.add_argument("--no-amp", dest="amp", action="store_false", help="train in float32 (default: use_amp)")
    parser.add_argument("--epochs", type=int, default=1, help="0: the config's own number of epochs")
    parser.add_argument("--validate", action="store_true", help="validate after each epoch (off by default)")
    parser.add_argument("--train-limit", type=int, help="first N training sentences only")
    parser.add_argument("--test-limit", type=int, help="first N test sentences only")
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=list(BATCH_SIZES))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--output", default=str(OUTPUT))
    parser.add_argument("--note", default="")
    parser.add_argument("--work", default=str(WORK), help="folder for the run and the files (default: %(default)s)")
    args = parser.parse_args(argv)
    env = prepare_environment()
    import torch

    if args.cuda_device is None:
        args.cuda_device = 0 if torch.cuda.is_available() else -1
    args.epochs = args.epochs or None
    data, work, result = start(env, args)
    result["device"] = device_state(args.cuda_device)
    result["training"] = training = train(args, subset(data / TRAIN_FILE, args.train_limit, work))
    print(f"training: {training['seconds_per_epoch']:.1f} s/epoch, {training['sentences_per_second']:.1f} sent/s, "
          f"use_amp {args.amp}, loss {training['training_loss']}", flush=True)

    lines = input_lines(data / TEST_FILE, args.test_limit)
    predictor = load_predictor(training["archive"], args.cuda_device)
    device = "cuda" if args.cuda_device >= 0 else "cpu"
    context, dtype = autocast_context(device)
    sizes = tuple(args.batch_sizes)
    result["prediction"] = {"float32": measure_prediction(predictor, lines, sizes, args.repeats, work / "fp32")}
    result["prediction"]["autocast"] = measure_prediction(predictor, lines, sizes, args.repeats, work / "autocast",
                                                          context=context)
    result["prediction"]["autocast_dtype"] = dtype
    size = max(sizes)
    result["autocast_agreement"] = agreement(predictions(predictor, lines, size, contextlib.nullcontext),
                                             predictions(predictor, lines, size, context))
    if args.cuda_device >= 0:
        result["max_gpu_memory_allocated_mb"] = round(torch.cuda.max_memory_allocated(args.cuda_device) / 2**20)
    result["peak_rss_mb"] = round(peak_rss_mb())
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(result, indent=2) + "\n")
    for name in ("float32", "autocast"):
        measured = result["prediction"][name]
        print(f"prediction ({name}, {measured['device']}): " + ", ".join(
            f"batch {s}: {measured['results'][s]['predict']['sentences_per_second']['median']:.1f} sent/s "
            f"(encoder floor ratio {measured['encoder_floor_ratio'][s]:.2f})" for s in measured["results"]))
    print(f"autocast agreement: {json.dumps(result['autocast_agreement'])}")
    print(f"wrote {args.output}")
    return result


if __name__ == "__main__":
    main()
