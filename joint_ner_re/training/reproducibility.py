"""Exact resume and a data order that does not depend on the data-loader workers: two shims of AllenNLP 2.10's
training loop, installed when the plugin is imported (they act at call time, so the ``allennlp`` CLI, which imports
AllenNLP before the plugin, gets them too).

**Resume.** ``allennlp train --recover`` restores the weights, the optimizer, the learning-rate scheduler, the metric
tracker and the callbacks from the latest checkpoint, then replays the completed epochs' data loading without
training. What AllenNLP does not restore are the random number generators: dropout draws from PyTorch's generator,
which the replay never touches, and the replay skips validation, whose bucketing draws from Python's. So a resumed
run would continue with other dropout masks and, from the next epoch on, another data order. Here every checkpoint
also stores the Python, NumPy, PyTorch (and CUDA) generator states, twice: as they were when the epoch began and
as they are when the checkpoint is written. On resume they are set back at the matching places: the epoch-start
states when the interrupted epoch starts again (so that its shuffle is the same), the checkpoint-time states when
the first batch after the checkpoint is trained. A run killed at any point after a checkpoint and resumed from it
ends with the same weights and metrics as a run that was never interrupted (same seed, same data, same machine).
What was trained after the last checkpoint is lost and done again: checkpoints are written at epoch ends (and
every ``save_every_num_batches`` batches where the checkpointer is told so).

**Reading order.** With ``num_workers > 0`` the data loader receives the instances from its worker processes in
whatever order they arrive, and that order decides the vocabulary's ties, the shuffles and so every result. The
readers record each instance's place in the data path (``metadata["position"]``); once a loader has gathered its
instances from the workers they are put back in that order, so 1, 2 or any number of workers give the same data
order as reading in the main process.
"""
import functools
import random
from typing import Any, Dict, Optional

import numpy
import torch
from allennlp.data.data_loaders import MultiProcessDataLoader
from allennlp.training import GradientDescentTrainer

RNG_STATES = "joint_ner_re_rng_states"


def rng_states() -> Dict[str, Any]:
    """The state of every generator training draws from, in types ``torch.load(weights_only=True)`` accepts."""
    kind, keys, position, has_gauss, gauss = numpy.random.get_state()
    states: Dict[str, Any] = {
        "python": random.getstate(),
        "numpy": (kind, torch.from_numpy(keys.astype(numpy.int64)), position, has_gauss, gauss),
        "torch": torch.get_rng_state(),
    }
    if torch.cuda.is_available():
        states["cuda"] = torch.cuda.get_rng_state_all()
    return states


def set_rng_states(states: Dict[str, Any]) -> None:
    python = states["python"]
    random.setstate((python[0], tuple(python[1]), python[2]))
    kind, keys, position, has_gauss, gauss = states["numpy"]
    numpy.random.set_state((kind, keys.numpy().astype(numpy.uint32), position, has_gauss, gauss))
    torch.set_rng_state(states["torch"])
    if "cuda" in states and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(states["cuda"])


def _get_checkpoint_state(original, trainer: GradientDescentTrainer):
    checkpoint = original(trainer)
    if checkpoint is not None:
        now = rng_states()
        checkpoint.trainer_state[RNG_STATES] = {"epoch_start": getattr(trainer, "_jnr_epoch_start", now), "now": now}
    return checkpoint


def _maybe_restore_checkpoint(original, trainer: GradientDescentTrainer) -> None:
    """AllenNLP's restore, keeping the generator states of the checkpoint for ``_train_epoch``/``batch_outputs``."""
    checkpointer = trainer._checkpointer
    restored: Dict[str, Optional[Dict[str, Any]]] = {"states": None}
    if checkpointer is not None:
        load = checkpointer.load_checkpoint

        def load_and_keep():
            checkpoint = load()
            if checkpoint is not None:
                restored["states"] = checkpoint.trainer_state.get(RNG_STATES)
            return checkpoint

        checkpointer.load_checkpoint = load_and_keep  # type: ignore[assignment]
    try:
        original(trainer)
    finally:
        if checkpointer is not None:
            del checkpointer.load_checkpoint
    trainer._jnr_resume = restored["states"]  # type: ignore[attr-defined]


def _train_epoch(original, trainer: GradientDescentTrainer, epoch: int):
    resume = getattr(trainer, "_jnr_resume", None)
    if resume is not None and epoch == trainer._start_after_epochs_completed:
        mid_epoch = trainer._start_after_batches_in_epoch_completed > 0
        set_rng_states(resume["epoch_start"] if mid_epoch else resume["now"])
        trainer._jnr_resume = None  # type: ignore[attr-defined]
        trainer._jnr_resume_at_first_batch = resume["now"] if mid_epoch else None  # type: ignore[attr-defined]
    trainer._jnr_epoch_start = rng_states()  # type: ignore[attr-defined]
    return original(trainer, epoch)


def _batch_outputs(original, trainer: GradientDescentTrainer, batch, for_training: bool):
    states = getattr(trainer, "_jnr_resume_at_first_batch", None)
    if for_training and states is not None:
        set_rng_states(states)
        trainer._jnr_resume_at_first_batch = None  # type: ignore[attr-defined]
    return original(trainer, batch, for_training)


def _iter_instances(original, loader: MultiProcessDataLoader):
    """The instances of a loader; gathered from workers into memory, they are put back in reading order."""
    if loader.num_workers <= 0 or loader._instances or loader.max_instances_in_memory is not None:
        yield from original(loader)
        return
    instances = list(original(loader))
    positions = [_position(instance) for instance in instances]
    if None not in positions:
        instances = [instance for _, instance in sorted(zip(positions, instances), key=lambda pair: pair[0])]
        if loader._instances is not None:
            loader._instances[:] = instances
    yield from instances


def _position(instance) -> Optional[int]:
    metadata = instance.fields.get("metadata")
    return metadata.metadata.get("position") if metadata is not None and hasattr(metadata, "metadata") else None


def _replace(owner, name: str, replacement) -> None:
    original = getattr(owner, name)
    if getattr(original, "_jnr_reproducibility", False):
        return

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        return replacement(original, *args, **kwargs)

    wrapper._jnr_reproducibility = True  # type: ignore[attr-defined]
    setattr(owner, name, wrapper)


def install() -> None:
    """Put both shims in place (idempotent)."""
    _replace(GradientDescentTrainer, "get_checkpoint_state", _get_checkpoint_state)
    _replace(GradientDescentTrainer, "_maybe_restore_checkpoint", _maybe_restore_checkpoint)
    _replace(GradientDescentTrainer, "_train_epoch", _train_epoch)
    _replace(GradientDescentTrainer, "batch_outputs", _batch_outputs)
    _replace(MultiProcessDataLoader, "iter_instances", _iter_instances)
