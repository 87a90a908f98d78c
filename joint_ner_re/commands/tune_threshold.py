"""``allennlp tune-threshold ARCHIVE VALIDATION_PATH``: the relation probability threshold that scores best there.

The model is run once over the data with a threshold of 0, so that every candidate pair comes back with its most
probable relation class and that class's probability; the relation metric is then recomputed for every threshold
of the grid from those pairs alone. The chosen threshold is used at evaluation or prediction with
``--overrides '{"model.relation_threshold": T}'``, or, with ``--write-to-archive``, written into the archive's
config, where ``evaluate``, ``predict``, ``extract`` and the spaCy component find it. Tune on validation data,
never on the test split.
"""
import argparse
import json
from typing import Any, Dict, Iterable, Iterator, List, Sequence, Tuple

import torch
from allennlp.common.util import lazy_groups_of
from allennlp.data import Batch, Instance
from allennlp.models.archival import load_archive
from allennlp.nn import util as nn_util

from joint_ner_re.archive import set_model_options
from joint_ner_re.commands.subcommands import register_subcommand
from joint_ner_re.data.sentence import Entity, Sentence
from joint_ner_re.metrics.joint_f1 import JointNerReF1

DEFAULT_GRID = [round(0.05 * step, 2) for step in range(1, 20)]  # 0.05 ... 0.95
Scored = Tuple[List[Entity], List[Tuple[int, int, str, float]], Sentence]


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("archive_file", help="a model.tar.gz")
    parser.add_argument("input_file", help="validation data, read with the archive's validation reader")
    parser.add_argument("--metric", default="rel_strict_f1", help="the metric to maximise (its name)")
    parser.add_argument("--grid", type=float, nargs="+", default=DEFAULT_GRID, help="thresholds to try")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--cuda-device", type=int, default=-1)
    parser.add_argument("--output-file", help="write the result (best threshold and every score) as JSON")
    parser.add_argument("--write-to-archive", action="store_true",
                        help="write the best threshold into the archive's config (model.relation_threshold)")


def _run(args: argparse.Namespace) -> None:
    result = tune(args.archive_file, args.input_file, args.metric, args.grid, args.batch_size, args.cuda_device)
    text = json.dumps(result, indent=2)
    if args.output_file:
        with open(args.output_file, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    print(text)
    if args.write_to_archive:
        set_model_options(args.archive_file, {"relation_threshold": result["best_threshold"]})
        print(f"{args.archive_file}: model.relation_threshold = {result['best_threshold']}")


TuneThreshold = register_subcommand(
    "tune-threshold", __doc__.split("\n\n", 1)[1], "Tune the relation threshold.", _add_arguments, _run
)


def tune(
    archive_file: str,
    input_file: str,
    metric: str = "rel_strict_f1",
    grid: Sequence[float] = DEFAULT_GRID,
    batch_size: int = 32,
    cuda_device: int = -1,
) -> Dict[str, Any]:
    """``{"metric", "best_threshold", "best_score", "scores": {threshold: score}, "input_file"}``."""
    archive = load_archive(archive_file, cuda_device=cuda_device)
    model = archive.model
    model.eval()
    reader = archive.validation_dataset_reader
    scored = score_pairs(model, indexed_instances(reader, input_file), batch_size)
    scores = {threshold: _score(scored, threshold, metric, model.symmetric_relation_types) for threshold in grid}
    best = max(scores, key=lambda threshold: (scores[threshold], -abs(threshold - 0.5)))
    model.relation_threshold = None
    return {
        "metric": metric,
        "best_threshold": best,
        "best_score": scores[best],
        "scores": {str(threshold): score for threshold, score in scores.items()},
        "input_file": input_file,
    }


def indexed_instances(reader, path: str) -> Iterator[Instance]:
    """The reader's instances of ``path`` with its token indexers set (a data loader would set them)."""
    for instance in reader.read(path):
        reader.apply_token_indexers(instance)
        yield instance


def model_batches(model, instances: Iterable[Instance], batch_size: int) -> Iterator[Tuple[Dict[str, Any], Dict]]:
    """Each batch of ``instances`` as tensors on the model's device, with the model's output for it. The caller
    chooses the grad mode (``torch.inference_mode()`` to only read the outputs)."""
    device = nn_util.get_device_of(next(model.parameters()))
    for group in lazy_groups_of(iter(instances), batch_size):
        batch = Batch(group)
        batch.index_instances(model.vocab)
        tensors = nn_util.move_to_device(batch.as_tensor_dict(), device)
        yield tensors, model(**tensors)


def score_pairs(model, instances: Iterable[Instance], batch_size: int) -> List[Scored]:
    """Every sentence's predicted entities and, for every pair of them, its best relation class and probability."""
    model.relation_threshold = 0.0
    return predictions(model, instances, batch_size)


def predictions(model, instances: Iterable[Instance], batch_size: int) -> List[Scored]:
    """Every sentence's predicted entities and relations (by the model's relation rule), with its gold record."""
    scored: List[Scored] = []
    with torch.inference_mode():
        for tensors, output in model_batches(model, instances, batch_size):
            for entities, relations, meta in zip(output["entities"], output["relations"], tensors["metadata"]):
                scored.append((entities, relations, meta["sentence"]))
    return scored


def _score(scored: List[Scored], threshold: float, metric: str, symmetric: Sequence[str]) -> float:
    counter = JointNerReF1(symmetric)
    predicted, gold = [], []
    for entities, relations, sentence in scored:
        kept = [(entities[h], entities[t], label) for h, t, label, probability in relations if probability >= threshold]
        predicted.append((entities, kept))
        gold.append((sentence.entities, sentence.relation_spans()))
    counter(predicted, gold)
    return counter.get_metric(reset=True)[metric]
