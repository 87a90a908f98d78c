"""λ per batch and the learning-rate curve, observed inside real `allennlp train` runs, with and without --recover."""
import json
from typing import List, Tuple

import pytest
from allennlp.commands.train import train_model_from_file
from allennlp.training.callbacks import TrainerCallback

from joint_ner_re.training import EntityPretraining
from tests.conftest import CONFIG

# (epoch, batch) at which the "crash" callback interrupts training; None = never
CRASH_AT = {"at": None}
RECORD: List[Tuple[float, float]] = []


@TrainerCallback.register("test_record_lambda_and_lr")
class RecordLambdaAndLr(TrainerCallback):
    """Records (λ, learning rate) as each training batch enters the model."""

    def on_start(self, trainer, is_primary=True, **kwargs):
        def record(model, inputs):
            if model.training:
                RECORD.append((model.relation_loss_weight, trainer.optimizer.param_groups[0]["lr"]))
            if CRASH_AT["at"] == (trainer._epochs_completed, trainer._batches_in_epoch_completed):
                raise KeyboardInterrupt("simulated crash")

        trainer.model.register_forward_pre_hook(record)


def train(serialization_dir, recover=False, epochs=3, relation_loss_weight=1.0):
    # 12 fixture sentences in batches of 4: 3 batches per epoch
    overrides = {
        "model.relation_loss_weight": relation_loss_weight,
        "trainer.num_epochs": epochs,
        "trainer.callbacks": [{"type": "entity_pretraining"}, {"type": "test_record_lambda_and_lr"}],
        "data_loader.shuffle": False,
    }
    return train_model_from_file(str(CONFIG), str(serialization_dir), overrides=json.dumps(overrides), recover=recover)


@pytest.fixture(autouse=True)
def clean_state():
    RECORD.clear()
    CRASH_AT["at"] = None


def test_lambda_rises_linearly_over_the_first_epoch_then_stays_at_one(tmp_path):
    model = train(tmp_path / "run", epochs=2)
    assert [lam for lam, _ in RECORD] == pytest.approx([0.0, 1 / 3, 2 / 3, 1.0, 1.0, 1.0])
    assert model.relation_loss_weight == 1.0


def test_lambda_rises_to_the_weight_the_model_was_configured_with(tmp_path):
    model = train(tmp_path / "run", epochs=2, relation_loss_weight=0.5)
    assert [lam for lam, _ in RECORD] == pytest.approx([0.0, 1 / 6, 1 / 3, 0.5, 0.5, 0.5])
    assert model.relation_loss_weight == 0.5


def test_recover_continues_lambda_and_learning_rate_curves(tmp_path):
    train(tmp_path / "reference", relation_loss_weight=0.5)
    reference = list(RECORD)
    assert len(reference) == 9

    RECORD.clear()
    CRASH_AT["at"] = (1, 1)  # dies in epoch 1, after the epoch-0 checkpoint was written
    with pytest.raises(KeyboardInterrupt):
        train(tmp_path / "run", relation_loss_weight=0.5)
    interrupted = list(RECORD)
    RECORD.clear()
    CRASH_AT["at"] = None
    train(tmp_path / "run", recover=True, relation_loss_weight=0.5)
    assert len(RECORD) == 6 and RECORD[0][0] == 0.5
    # epoch 0 from the first run, epochs 1-2 from the recovered run, identical to the uninterrupted run
    assert interrupted[:3] + RECORD == [(lam, pytest.approx(lr)) for lam, lr in reference]


def test_lambda_formula_with_a_longer_ramp():
    callback = EntityPretraining(serialization_dir="unused", epochs=2, batches_per_epoch=4)
    assert [callback.weight(0, b) for b in range(4)] == [0.0, 0.125, 0.25, 0.375]
    assert [callback.weight(1, b) for b in range(4)] == [0.5, 0.625, 0.75, 0.875]
    assert callback.weight(2, 0) == 1.0 and callback.weight(5, 3) == 1.0


def test_epochs_must_be_positive():
    with pytest.raises(ValueError, match="positive"):
        EntityPretraining(serialization_dir="unused", epochs=0)
