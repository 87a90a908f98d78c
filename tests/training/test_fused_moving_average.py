import json

import torch
from allennlp.commands.train import train_model_from_file
from allennlp.common import Params
from allennlp.training.moving_average import MovingAverage

from joint_ner_re.training import FusedExponentialMovingAverage
from tests.conftest import CONFIG


def test_the_same_average_as_allennlps_exponential_with_its_decay_schedule():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Linear(3, 2))
    options = {"decay": 0.9, "numerator": 1.0, "denominator": 10.0}
    averages = [
        MovingAverage.from_params(params=Params({"type": kind, **options}), parameters=list(model.named_parameters()))
        for kind in ("fused_exponential", "exponential")
    ]
    assert isinstance(averages[0], FusedExponentialMovingAverage)
    for step in range(1, 40):  # the decay rises with the step until it reaches 0.9
        with torch.no_grad():
            for parameter in model.parameters():
                parameter.add_(torch.randn_like(parameter))
        for average in averages:
            average.apply(step)
    fused, plain = (average._shadows for average in averages)
    assert all(torch.allclose(fused[name], plain[name], atol=1e-6) for name in plain)
    # and it is an average: not the last weights
    assert not torch.allclose(fused["0.weight"], model[0].weight)
    averages[0].assign_average_value()
    assert torch.equal(model[0].weight, fused["0.weight"])


def test_training_validates_and_archives_the_averaged_weights(tmp_path):
    overrides = {"trainer.num_epochs": 1, "trainer.moving_average": {"type": "fused_exponential", "decay": 0.9},
                 "trainer.checkpointer": {"keep_most_recent_by_count": 1}}
    model = train_model_from_file(str(CONFIG), str(tmp_path), overrides=json.dumps(overrides))
    best = torch.load(tmp_path / "best.th")
    # one epoch: the best epoch and the checkpoint are the same epoch; the checkpoint keeps the weights as trained
    trained = torch.load(tmp_path / "model_state_e1_b0.th")
    name = next(name for name in best if name.startswith("embedder."))
    assert not torch.equal(best[name], trained[name])
    assert all(torch.equal(best[key], value) for key, value in model.state_dict().items())
