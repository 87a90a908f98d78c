"""benchmarks/gpu_check.sh on a CPU: the tiny encoder, one epoch, no mixed precision, through the shell script and
without a wheelhouse (nothing installed), as the GPU machine runs it after its install step."""
import json
import os
import subprocess
import sys

from tests.conftest import CONFIG, ROOT


def test_gpu_check_runs_on_cpu(conll04_data, tmp_path):
    output = tmp_path / "gpu_check.json"
    env = {**os.environ, "PYTHON": sys.executable, "WHEELHOUSE": str(tmp_path / "no_wheelhouse"),
           "JNR_SITE": str(tmp_path / "no_site")}
    done = subprocess.run(
        ["bash", "benchmarks/gpu_check.sh", "--cuda-device", "-1", "--no-amp", "--config", str(CONFIG),
         "--batch-sizes", "1", "4", "--repeats", "1", "--output", str(output), "--work", str(tmp_path / "work")],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(output.read_text())
    training = result["training"]
    assert training["epochs"] == 1 and training["use_amp"] is False and training["loss_is_finite"]
    assert training["sentences"] == 12 and training["seconds_per_epoch"] > 0
    assert result["device"] == {"cuda_available": result["device"]["cuda_available"], "cuda_device": -1}
    for precision in ("float32", "autocast"):
        assert set(result["prediction"][precision]["encoder_floor_ratio"]) == {"1", "4"}
    assert result["prediction"]["autocast_dtype"] == "bfloat16"  # the CPU's autocast type
    agreement = result["autocast_agreement"]
    assert agreement["sentences"] == 12 and agreement["scores_finite"]
    assert "autocast agreement" in done.stdout
    assert not (tmp_path / "no_site").exists()
