"""Linear warm-up over a fraction of all optimiser steps, then linear decay to 0 (the BERT fine-tuning schedule)."""
from typing import Optional

import torch
from allennlp.training.learning_rate_schedulers import LearningRateScheduler, PolynomialDecay


@LearningRateScheduler.register("linear_warmup_decay")
class LinearWarmupDecay(PolynomialDecay):
    """Step s of S = ``num_epochs`` × ``num_steps_per_epoch`` gets lr × s/W for s < W = round(``warmup_fraction`` × S),
    then lr × (S − s)/(S − W). The step counter is in the scheduler's state, so ``--recover`` continues the curve.
    """

    def __init__(
        self,
        optimizer: torch.optim.Optimizer,
        num_epochs: int,
        num_steps_per_epoch: Optional[int] = None,
        warmup_fraction: float = 0.1,
        last_epoch: int = -1,
    ) -> None:
        if not 0.0 <= warmup_fraction < 1.0:
            raise ValueError(f"warmup_fraction must be in [0, 1), got {warmup_fraction}")
        if num_steps_per_epoch is None:
            raise ValueError("linear_warmup_decay needs num_steps_per_epoch (a data loader with a known length)")
        super().__init__(
            optimizer,
            num_epochs,
            num_steps_per_epoch,
            power=1.0,
            warmup_steps=round(warmup_fraction * num_epochs * num_steps_per_epoch),
            end_learning_rate=0.0,
            last_epoch=last_epoch,
        )
