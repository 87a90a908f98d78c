"""The paper's entity pretraining: the relation loss weight λ rises linearly from 0 to its full value over the first
epoch."""
import math
from typing import Any, Dict, List, Optional

from allennlp.training import GradientDescentTrainer
from allennlp.training.callbacks import TrainerCallback


@TrainerCallback.register("entity_pretraining")
class EntityPretraining(TrainerCallback):
    """Sets ``model.relation_loss_weight`` before every training batch: batch ``b`` (0-based) of epoch ``e`` gets
    λ = w · min(1, (e · n + b) / (``epochs`` · n)), where n is the number of batches per epoch and w the weight the
    model was built with (its ``relation_loss_weight``, 1 in the paper). With the default ``epochs=1`` the first batch
    trains NER alone and λ reaches w at the start of the second epoch.

    λ is derived from the trainer's position, so ``allennlp train --recover`` resumes on the same curve.
    ``batches_per_epoch`` is needed only when the data loader cannot report its length.
    """

    def __init__(self, serialization_dir: str, epochs: float = 1.0, batches_per_epoch: Optional[int] = None) -> None:
        super().__init__(serialization_dir)
        if epochs <= 0:
            raise ValueError(f"epochs must be positive, got {epochs}")
        self.epochs = epochs
        self.batches_per_epoch = batches_per_epoch
        self.full_weight = 1.0

    def weight(self, epoch: int, batches_completed: int) -> float:
        progress = (epoch * self.batches_per_epoch + batches_completed) / (self.epochs * self.batches_per_epoch)
        return self.full_weight * min(1.0, progress)

    def _set(self, trainer: GradientDescentTrainer, epoch: int, batches_completed: int) -> None:
        trainer.model.relation_loss_weight = self.weight(epoch, batches_completed)

    def on_start(self, trainer: GradientDescentTrainer, is_primary: bool = True, **kwargs) -> None:
        if not hasattr(trainer.model, "relation_loss_weight"):
            raise ValueError("entity_pretraining needs a model with a relation_loss_weight attribute")
        # the model is built afresh (also after --recover), so this is the configured weight
        self.full_weight = trainer.model.relation_loss_weight
        if self.batches_per_epoch is None:
            try:
                batches = len(trainer.data_loader)
            except TypeError as error:
                raise ValueError(
                    "entity_pretraining: the data loader cannot report its length; set batches_per_epoch"
                ) from error
            self.batches_per_epoch = math.ceil(batches / trainer._num_gradient_accumulation_steps)
        # after --recover the trainer starts after this many epochs and batches
        self._set(trainer, trainer._start_after_epochs_completed, trainer._start_after_batches_in_epoch_completed)

    def on_batch(
        self,
        trainer: GradientDescentTrainer,
        batch_inputs: List[Dict[str, Any]],
        batch_outputs: List[Dict[str, Any]],
        batch_metrics: Dict[str, Any],
        epoch: int,
        batch_number: int,
        is_training: bool,
        is_primary: bool = True,
        batch_grad_norm: Optional[float] = None,
        **kwargs,
    ) -> None:
        if is_training:
            self._set(trainer, epoch, batch_number)
