import pytest
import torch

from joint_ner_re.training import LinearWarmupDecay


def make(warmup_fraction=0.2):
    parameter = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([{"params": [parameter], "lr": 1.0}], lr=1.0)
    return optimizer, LinearWarmupDecay(optimizer, num_epochs=2, num_steps_per_epoch=5, warmup_fraction=warmup_fraction)


def curve(optimizer, scheduler, steps):
    values = []
    for step in steps:
        scheduler.step_batch(step)
        values.append(optimizer.param_groups[0]["lr"])
    return values


def test_warm_up_then_linear_decay_to_zero():
    optimizer, scheduler = make()
    # 10 steps, W = 2: s/2 while warming up, then (10 - s)/8
    expected = [0.0, 0.5, 1.0, 7 / 8, 6 / 8, 5 / 8, 4 / 8, 3 / 8, 2 / 8, 1 / 8, 0.0, 0.0]
    assert curve(optimizer, scheduler, range(12)) == pytest.approx(expected)


def test_no_warm_up():
    optimizer, scheduler = make(warmup_fraction=0.0)
    assert curve(optimizer, scheduler, [0, 5, 10]) == pytest.approx([1.0, 0.5, 0.0])


def test_state_survives_a_restart():
    optimizer, scheduler = make()
    curve(optimizer, scheduler, range(1, 5))
    state = scheduler.state_dict()
    fresh_optimizer, fresh = make()
    fresh.load_state_dict(state)
    fresh.step_batch()  # without a step number it continues from the saved counter
    assert fresh_optimizer.param_groups[0]["lr"] == pytest.approx(5 / 8)


@pytest.mark.parametrize("fraction", [-0.1, 1.0])
def test_invalid_fraction(fraction):
    with pytest.raises(ValueError, match="warmup_fraction"):
        make(fraction)
