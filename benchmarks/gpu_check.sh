#!/usr/bin/env bash
# GPU check (docs/speed.md, "GPU"): on a machine with Python 3.12 and its own CUDA torch but no network, install the
# wheelhouse built by benchmarks/gpu_wheels.sh into a folder of its own, then run benchmarks/gpu_check.py.
#
#   bash benchmarks/gpu_check.sh [gpu_check.py options]      # e.g. --epochs 12 --validate for the full schedule
#   INSTALL_ONLY=1 bash benchmarks/gpu_check.sh              # install a part of a split wheelhouse, run nothing
#
# WHEELHOUSE (default wheelhouse/): every *.whl below it is installed, without dependency resolution (the set was
# resolved where it was built), into JNR_SITE (default .gpu-site/, gitignored), which goes first on PYTHONPATH: its
# transformers 4.49 / huggingface_hub 0.x shadow newer ones the machine may have; torch stays the machine's own. The
# torchvision import stub is left out where a real torchvision imports. WHEELHOUSE/encoder/, if present, is the
# encoder (JNR_ENCODER). JNR_DATA (default ../shared/data) must hold conll04/spert-json/.
# Without a wheelhouse nothing is installed: the script runs where the dependencies are (the CPU test does that).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
WHEELHOUSE=${WHEELHOUSE:-wheelhouse}
SITE=${JNR_SITE:-.gpu-site}
case $SITE in /*) ;; *) SITE=$PWD/$SITE ;; esac
case $WHEELHOUSE in /*) ;; *) WHEELHOUSE=$PWD/$WHEELHOUSE ;; esac
if [ -d "$WHEELHOUSE" ]; then
  mapfile -t wheels < <(find "$WHEELHOUSE" -name '*.whl' ! -name 'jnr_torchvision_stub-*' | sort)
  if ! "$PYTHON" -c 'import torchvision.ops' 2>/dev/null; then
    mapfile -t -O "${#wheels[@]}" wheels < <(find "$WHEELHOUSE" -name 'jnr_torchvision_stub-*.whl')
  fi
  if [ "${#wheels[@]}" -gt 0 ]; then
    "$PYTHON" -m pip install -q --no-index --no-deps --no-compile --upgrade --target "$SITE" "${wheels[@]}"
  fi
  [ -d "$WHEELHOUSE/encoder" ] && export JNR_ENCODER=${JNR_ENCODER:-$WHEELHOUSE/encoder}
fi
[ -d "$SITE" ] && export PYTHONPATH="$SITE${PYTHONPATH:+:$PYTHONPATH}"
[ -n "${INSTALL_ONLY:-}" ] && { echo "installed into $SITE"; exit 0; }
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false PYTHONUNBUFFERED=1
exec "$PYTHON" benchmarks/gpu_check.py "$@"
