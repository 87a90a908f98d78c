"""A trainer callback for the recover test: at the training batch named by ``JNR_TEST_PAUSE_AT`` (``EPOCH:BATCH``,
batches counted from 1) it writes the file ``JNR_TEST_PAUSE_MARKER`` and waits to be killed. Without the variable
it does nothing, so the interrupted run and its resumption have the same config."""
import os
import time
from pathlib import Path

from allennlp.training.callbacks import TrainerCallback


@TrainerCallback.register("test_pause_for_kill")
class PauseForKill(TrainerCallback):
    def on_batch(self, trainer, batch_inputs, batch_outputs, batch_metrics, epoch, batch_number, is_training,
                 is_primary=True, batch_grad_norm=None, **kwargs) -> None:
        if is_training and os.environ.get("JNR_TEST_PAUSE_AT") == f"{epoch}:{batch_number}":
            Path(os.environ["JNR_TEST_PAUSE_MARKER"]).write_text(str(os.getpid()))
            time.sleep(600)
