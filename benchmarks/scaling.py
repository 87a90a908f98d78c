"""Cost and peak memory against sentence length and against the number of entities, measured and plotted.

    python benchmarks/scaling.py --archive runs/x/model.tar.gz [--note TEXT]
    python benchmarks/scaling.py --plot benchmarks/results/scaling_minilm.json   # redraw the PNGs only

Writes ``benchmarks/results/scaling_minilm.json`` and ``docs/images/scaling_length.png``,
``docs/images/scaling_entities.png`` (docs/speed.md shows and explains them). One sentence at a time (batch 1), on
this process's threads, each point the minimum time of ``--repeats`` (2) runs after a warm-up:

- **length**: real CoNLL04 test sentences joined end to end and cut at 10 ... 1,000 words (past the encoder's 512
  word-piece window: the indexer's ``max_length`` splits such inputs into segments), with their gold entities and
  relations. ``predict`` is ``forward_on_instances`` on the raw words (the entities are the model's own);
  ``train`` is one training step (forward with gold, backward) on the annotated sentence.
- **entities**: the number of entities controlled exactly, in the model's gold-entity mode
  (``gold_entities = True``: the relation module reads the gold tags): a fixed text of ``--entity-length`` real
  words with ``n`` synthetic one-word gold entities spread evenly over it (types in turn) and a gold relation between
  every second neighbour pair. n candidates make n (n - 1) ordered pairs for the relation scorer.

Each sweep runs for every variant: ``archive`` (the archive's model as trained) and ``span_between`` (the same
model with the components that read word ranges: ``entity_representation: span`` with max pooling and
``pair_context: between`` with max pooling, their weights untrained: speed and memory only). Peak memory is the
growth of this process's peak RSS over the point (Linux ``/proc/self/clear_refs``), in MB, with glibc told to hand
freed tensors back at once (``follow_live_memory``). A sweep stops after a point slower than ``--max-seconds`` (20).
"""
import argparse
import copy
import ctypes
import json
import os
import sys
import textwrap
import time
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from speed import (  # noqa: E402
    CORPUS, TEST_FILE, encoder_name, git_commit, machine_state, peak_rss_mb, prepare_environment, reset_peak_rss,
    rss_mb,
)

OUTPUT = ROOT / "benchmarks" / "results" / "scaling_minilm.json"
IMAGES = ROOT / "docs" / "images"
LENGTHS = (10, 30, 100, 300, 600, 1000)
ENTITY_COUNTS = (0, 10, 30, 100, 200, 300, 500)
VARIANTS = {
    "archive": {},
    "span_between": {
        "entity_representation": {"type": "span", "pooling": "max", "endpoints": "first_last"},
        "pair_context": {"type": "between", "pooling": "max"},
    },
}


# ---- synthetic sentences from real text ---------------------------------------------------------------------------

def joined_sentence(records: List[dict], length: int):
    """Real sentences joined end to end and cut at ``length`` words; their gold entities and relations that fit."""
    from joint_ner_re.data.sentence import Entity, Relation, Sentence

    words: List[str] = []
    entities: List[Entity] = []
    relations: List[Relation] = []
    index = 0
    while len(words) < length:
        record = records[index % len(records)]
        index += 1
        offset, first = len(words), len(entities)
        words += record["tokens"]
        kept = {}
        for number, entity in enumerate(record["entities"]):
            if offset + entity["end"] <= length:
                kept[number] = len(entities)
                entities.append(Entity(offset + entity["start"], offset + entity["end"], entity["type"]))
        relations += [Relation(kept[r["head"]], kept[r["tail"]], r["type"]) for r in record["relations"]
                      if r["head"] in kept and r["tail"] in kept]
        assert len(entities) >= first
    return Sentence(words[:length], entities, relations, source=f"joined_{length}")


def many_entities(records: List[dict], length: int, count: int, entity_types: List[str], relation_types: List[str]):
    """``length`` real words with ``count`` one-word gold entities spread evenly (types in turn), and a gold
    relation (types in turn) from every even-numbered entity to the next one."""
    from joint_ner_re.data.sentence import Entity, Relation, Sentence

    if count > length:
        raise ValueError(f"{count} one-word entities do not fit {length} words")
    words = joined_sentence(records, length).words
    positions = sorted({(i * length) // count for i in range(count)}) if count else []
    entities = [Entity(p, p + 1, entity_types[i % len(entity_types)]) for i, p in enumerate(positions)]
    relations = [Relation(i, i + 1, relation_types[(i // 2) % len(relation_types)])
                 for i in range(0, len(entities) - 1, 2)]
    return Sentence(words, entities, relations, source=f"entities_{count}")


# ---- models -------------------------------------------------------------------------------------------------------

def load_model(archive: str, options: Dict[str, Any]):
    """The archive's model and reader; with ``options``, the archive's model config with those fields changed and
    the new parts freshly initialised (the rest from the archive where the names agree)."""
    from allennlp.common import Params
    from allennlp.models import Model
    from allennlp.models.archival import load_archive

    loaded = load_archive(archive, cuda_device=-1)
    if not options:
        return loaded.model, loaded.dataset_reader
    params = copy.deepcopy(loaded.config.as_dict())["model"]
    params.update(options)
    model = Model.from_params(vocab=loaded.model.vocab, params=Params(params))
    own = model.state_dict()
    trained = {name: value for name, value in loaded.model.state_dict().items()
               if name in own and own[name].shape == value.shape}
    model.load_state_dict(trained, strict=False)
    return model, loaded.dataset_reader


def model_from_config(config: str, options: Dict[str, Any], train_path: Optional[str] = None):
    """An untrained model and reader built from a training config (the vocabulary from ``train_path``, by default
    the config's training data)."""
    from allennlp.common import Params
    from allennlp.data import DatasetReader, Vocabulary
    from allennlp.models import Model

    params = Params.from_file(config)
    reader = DatasetReader.from_params(params.pop("dataset_reader"))
    instances = list(reader.read(train_path or params.pop("train_data_path")))
    vocab = Vocabulary.from_instances(instances)
    model_params = params.pop("model").as_dict()
    model_params.update(options)
    return Model.from_params(vocab=vocab, params=Params(model_params)), reader


def one_word_types(model) -> List[str]:
    """The entity types the model's tag vocabulary can tag on one word (an ``S-`` tag)."""
    return [t for t in model.tag_scheme.entity_types if f"S-{t}" in model.tag_scheme.tags]


def follow_live_memory() -> bool:
    """glibc: serve every allocation of 128 KiB or more by its own mmap, unmapped when freed, and trim the heap, so
    that RSS follows the live tensors instead of what the allocator keeps for reuse (without this a point that
    needs less than an earlier one shows no growth). Costs some speed (page faults); True where it took effect."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3
    return bool(libc.mallopt(m_mmap_threshold, 128 * 1024)) and bool(libc.mallopt(m_trim_threshold, 0))


# ---- measurement --------------------------------------------------------------------------------------------------

def _measure(step: Callable[[], Any], repeats: int, warm_up: bool = True) -> Dict[str, float]:
    if warm_up:
        step()
    times, growth = [], 0.0
    for _ in range(repeats):
        before = rss_mb()
        reset_peak_rss()
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
        growth = max(growth, peak_rss_mb() - before)
    return {"seconds": round(min(times), 4), "peak_rss_growth_mb": round(growth, 1)}


def measure_point(model, reader, sentence, repeats: int, gold_entities: bool, warm_up: bool = True) -> Dict[str, Any]:
    """Prediction and one training step on one sentence (each timed ``repeats`` times, after a warm-up run)."""
    from allennlp.data import Batch

    model.gold_entities = gold_entities
    # the gold-entity mode reads gold tags: prediction then gets the annotated instance (without relation gold)
    raw = reader.text_to_instance(sentence, annotated=gold_entities)
    if gold_entities:
        del raw.fields["relations"]
    annotated = reader.text_to_instance(sentence, annotated=True)
    for instance in (raw, annotated):
        reader.apply_token_indexers(instance)
    found: Dict[str, int] = {}

    def predict() -> None:
        model.eval()
        output = model.forward_on_instances([raw])[0]
        found.update(entities=len(output["entities"]), relations=len(output["relations"]))

    def train() -> None:
        model.train()
        batch = Batch([annotated])
        batch.index_instances(model.vocab)
        model(**batch.as_tensor_dict())["loss"].backward()
        model.zero_grad(set_to_none=True)

    point = {"words": len(sentence.words), "gold_entities": len(sentence.entities)}
    raw.index_fields(model.vocab)
    point["word_pieces"] = len(raw["tokens"]._indexed_tokens["tokens"]["token_ids"])
    point["predict"] = _measure(predict, repeats, warm_up)
    point["predict"].update(found)
    point["train"] = _measure(train, repeats, warm_up)
    model.eval()
    return point


def sweep(model, reader, sentences: Iterable, repeats: int, gold_entities: bool, max_seconds: float,
          log=print) -> Dict[str, Any]:
    """The points of one sweep; once a point takes longer than ``max_seconds`` (prediction or training step),
    the larger ones are not run but listed as ``skipped``: where the cost stops being practical is a result too."""
    points: List[Dict[str, Any]] = []
    skipped: List[str] = []
    for sentence in sentences:
        if points and max(points[-1]["predict"]["seconds"], points[-1]["train"]["seconds"]) > max_seconds:
            skipped.append(sentence.source)
            continue
        point = measure_point(model, reader, sentence, repeats, gold_entities)
        points.append(point)
        log(f"  {sentence.source}: {point['words']} words, {point['word_pieces']} pieces, "
            f"{point['predict']['entities']} entities predicted/read: predict {point['predict']['seconds']:.3f} s "
            f"(+{point['predict']['peak_rss_growth_mb']:.0f} MB), train step {point['train']['seconds']:.3f} s "
            f"(+{point['train']['peak_rss_growth_mb']:.0f} MB)")
    if skipped:
        log(f"  skipped (the previous point took over {max_seconds} s): {', '.join(skipped)}")
    return {"points": points, "skipped": skipped}


def run(model_for: Callable[[Dict[str, Any]], Any], records: List[dict], args, log=print,
        done: Callable[[Dict[str, Any]], None] = lambda results: None) -> Dict[str, Any]:
    """Both sweeps for every variant; ``done`` is called with the results so far after each variant."""
    results: Dict[str, Any] = {}
    for variant in args.variants:
        model, reader = model_for(VARIANTS[variant])
        model.eval()
        entity_types = one_word_types(model)
        relation_types = list(model.relation_labels[1:])
        log(f"{variant}: length sweep")
        length = sweep(model, reader, (joined_sentence(records, n) for n in args.lengths), args.repeats, False,
                       args.max_seconds, log)
        log(f"{variant}: entity sweep, {args.entity_length} words")
        counts = [n for n in args.entities if n <= args.entity_length]
        entities = sweep(model, reader, (many_entities(records, args.entity_length, n, entity_types, relation_types)
                                         for n in counts), args.repeats, True, args.max_seconds, log)
        results[variant] = {"options": VARIANTS[variant], "length": length, "entities": entities}
        done(results)
    return results


# ---- plots --------------------------------------------------------------------------------------------------------

def plot(result: Dict[str, Any], folder: Path) -> List[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sweep_name, x_key, x_label in (("length", "words", "sentence length (words)"),
                                       ("entities", "gold_entities", "entities in the sentence (gold-entity mode)")):
        figure, (cost, memory) = plt.subplots(1, 2, figsize=(11, 4))
        for variant, data in result["variants"].items():
            points = data[sweep_name]["points"]
            xs = [p[x_key] for p in points]
            for phase, style in (("predict", "-o"), ("train", "--s")):
                cost.plot(xs, [p[phase]["seconds"] for p in points], style, label=f"{variant}: {phase}")
                memory.plot(xs, [p[phase]["peak_rss_growth_mb"] for p in points], style, label=f"{variant}: {phase}")
        for variant, data in result["variants"].items():
            if data[sweep_name]["skipped"]:
                cost.annotate(f"{variant}: larger points skipped (> {result.get('max_seconds', '?')} s)",
                              xy=(0.02, 0.95), xycoords="axes fraction", fontsize=7, va="top")
        cost.set_yscale("log")
        cost.set(xlabel=x_label, ylabel="seconds per sentence (batch 1, min; log)", title=f"cost against {sweep_name}")
        memory.set(xlabel=x_label, ylabel="peak RSS growth (MB)", title=f"peak memory against {sweep_name}")
        for axis in (cost, memory):
            axis.grid(alpha=0.3)
            axis.legend(fontsize=8)
        subtitle = f"{result['encoder']}, {result['machine']['torch_threads']} thread(s); {result.get('note') or ''}"
        figure.suptitle("\n".join(textwrap.wrap(subtitle, 160)), fontsize=7)
        figure.tight_layout()
        path = folder / f"scaling_{sweep_name}.png"
        figure.savefig(path, dpi=90)
        plt.close(figure)
        written.append(path)
    return written


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--archive", help="model.tar.gz (any archive of the config; quality is irrelevant)")
    parser.add_argument("--config", help="instead of --archive: an untrained model from this training config")
    parser.add_argument("--lengths", type=int, nargs="+", default=list(LENGTHS))
    parser.add_argument("--entities", type=int, nargs="+", default=list(ENTITY_COUNTS))
    parser.add_argument("--entity-length", type=int, default=1000, help="words of the entity sweep's sentence")
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS))
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--max-seconds", type=float, default=20.0,
                        help="a sweep stops after a point slower than this (the rest is listed as skipped)")
    parser.add_argument("--output", default=str(OUTPUT))
    parser.add_argument("--images", default=str(IMAGES))
    parser.add_argument("--note", default="")
    parser.add_argument("--plot", metavar="RESULT_JSON", help="only draw the PNGs of a result file")
    args = parser.parse_args(argv)
    if args.plot:
        for path in plot(json.loads(Path(args.plot).read_text()), Path(args.images)):
            print(f"wrote {path}")
        return
    env = prepare_environment()
    live_memory = follow_live_memory()
    test_path = Path(env["JNR_DATA"]) / CORPUS / TEST_FILE
    records = json.loads(test_path.read_text())
    if args.archive:
        def model_for(options):
            return load_model(args.archive, options)
    elif args.config:
        def model_for(options):
            return model_from_config(args.config, options, str(test_path))
    else:
        sys.exit("give --archive (or --config for an untrained model)")
    result: Dict[str, Any] = {
        "schema": 1,
        "commit": git_commit(),
        "encoder": encoder_name(env),
        "archive": args.archive,
        "config": args.config,
        "note": args.note,
        "machine": machine_state(),
        "repeats": args.repeats,
        "batch_size": 1,
        "entity_length": args.entity_length,
        "max_seconds": args.max_seconds,
        "memory": "growth of peak RSS over the point" + (", allocations >= 128 KiB unmapped when freed (mallopt)"
                                                         if live_memory else ""),
    }
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)

    def write(variants: Dict[str, Any]) -> None:  # after each variant: a long run keeps what it measured
        result["variants"] = variants
        result["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
        Path(args.output).write_text(json.dumps(result, indent=2) + "\n")
        print(f"wrote {args.output}", flush=True)

    run(model_for, records, args, done=write)
    for path in plot(result, Path(args.images)):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
