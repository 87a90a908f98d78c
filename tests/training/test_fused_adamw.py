import torch
from allennlp.common import Params
from allennlp.training.optimizers import Optimizer

from joint_ner_re.training import FusedAdamW


def test_the_same_updates_as_allennlps_adamw_with_parameter_groups():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Linear(3, 2))
    twin = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Linear(3, 2))
    twin.load_state_dict(model.state_dict())
    groups = [[["^0\\.weight"], {"lr": 0.001}], [["bias$"], {"weight_decay": 0.0}]]
    options = {"lr": 0.01, "weight_decay": 0.1, "parameter_groups": groups}
    fused = Optimizer.from_params(
        model_parameters=list(model.named_parameters()), params=Params({"type": "fused_adamw", **options}))
    plain = Optimizer.from_params(
        model_parameters=list(twin.named_parameters()), params=Params({"type": "adamw", **options}))
    assert isinstance(fused, FusedAdamW) and all(group["fused"] for group in fused.param_groups)
    for _ in range(5):
        inputs = torch.randn(8, 4)
        for network, optimizer in ((model, fused), (twin, plain)):
            optimizer.zero_grad()
            network(inputs).pow(2).sum().backward()
            optimizer.step()
    for a, b in zip(model.parameters(), twin.parameters()):
        assert torch.allclose(a, b, atol=1e-6)
