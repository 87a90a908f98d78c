"""Device and dtype hygiene: every tensor the model, its modules and the metric create in a forward pass takes the
device of the input (no CPU tensor can meet a CUDA one) and, if it is floating point, an explicit dtype (no float32
constant meets half precision); and the model trains and predicts under ``torch.autocast("cpu", bfloat16)`` with
the pair scores (whose bilinear product of unbounded ReLU features can overflow half precision) in float32.

The CUDA run itself is the GPU script's (benchmarks/); on CPU, a torch function mode sees every tensor factory
call that the plugin's code makes, with its arguments.
"""
import sys
from pathlib import Path

import pytest
import torch
from torch.overrides import TorchFunctionMode

import joint_ner_re
from tests.models.test_switch_behaviour import model_and_batch

PACKAGE = str(Path(joint_ner_re.__file__).parent)
TORCH = str(Path(torch.__file__).parent)
FACTORIES = {
    torch.tensor, torch.as_tensor, torch.zeros, torch.ones, torch.full, torch.empty, torch.arange, torch.eye,
    torch.rand, torch.randn, torch.randint, torch.linspace,
}
EVERYTHING = {
    "tag_decoder": {"type": "constrained"},
    "entity_representation": {"type": "span", "pooling": "max", "width_embedding_dim": 4},
    "pair_context": {"type": "between", "pooling": "mean"},
    "relation_targets": {"type": "predicted_and_gold", "negative_weight": 0.5},
    "symmetric_relation_types": ["Live_In"],
}


class FactoryCalls(TorchFunctionMode):
    """Records each tensor factory call made from the plugin's own code: (where, device given, dtype given, result)."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = []

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        result = func(*args, **kwargs)
        if func in FACTORIES:
            frame = sys._getframe(1)
            while frame is not None and frame.f_code.co_filename.startswith(TORCH):
                frame = frame.f_back
            if frame is not None and frame.f_code.co_filename.startswith(PACKAGE):
                where = f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno} {func.__name__}"
                self.calls.append((where, "device" in kwargs, "dtype" in kwargs, result))
        return result


@pytest.mark.parametrize("options", [{}, EVERYTHING], ids=["paper", "every-component"])
def test_tensors_made_in_a_forward_pass_take_the_input_device_and_an_explicit_dtype(options):
    model, tensors = model_and_batch(count=6, **options)
    for training in (True, False):
        model.train(training)
        with FactoryCalls() as seen:
            output = model(**tensors)
            if training:
                output["loss"].backward()
        without_device = [where for where, device, _, _ in seen.calls if not device]
        assert without_device == []
        floating_without_dtype = [where for where, _, dtype, result in seen.calls
                                  if torch.is_tensor(result) and result.is_floating_point() and not dtype]
        assert floating_without_dtype == []


@pytest.mark.parametrize("options", [{}, EVERYTHING], ids=["paper", "every-component"])
def test_the_model_trains_and_predicts_under_bfloat16_autocast_with_float32_pair_scores(options):
    model, tensors = model_and_batch(count=6, **options)
    seen = {}
    model.pair_scorer.register_forward_hook(lambda module, args, out: seen.update(heads=args[0], scores=out))
    model.train()
    with torch.autocast("cpu", dtype=torch.bfloat16):
        output = model(**tensors)
    assert seen["heads"].dtype == torch.bfloat16  # autocast is on: the FFNNs ran in half precision
    assert seen["scores"].dtype == torch.float32  # the bilinear product did not
    assert output["loss"].dtype == torch.float32 and torch.isfinite(output["loss"])
    output["loss"].backward()
    assert all(torch.isfinite(p.grad).all() for p in model.parameters() if p.grad is not None)
    model.eval()
    with torch.autocast("cpu", dtype=torch.bfloat16), torch.no_grad():
        predicted = model(**tensors)
    assert len(predicted["tags"]) == 6 and all(isinstance(r, tuple) for rows in predicted["relations"] for r in rows)
    assert model.get_metrics(reset=True)["ner_f1"] >= 0.0


def test_the_bilinear_term_does_not_overflow_in_float16():
    from joint_ner_re.modules import BiaffineScorer

    torch.manual_seed(0)
    scorer = BiaffineScorer(64, 64, 3)
    heads = tails = torch.full((1, 2, 64), 100.0)  # ReLU features this large: 100·100·64·|U| > float16 max 65504
    with torch.autocast("cpu", dtype=torch.float16):
        scores = scorer(heads, tails)
    assert scores.dtype == torch.float32 and torch.isfinite(scores).all()
    with torch.no_grad():
        half = torch.einsum("bim,mcn,bjn->bijc", heads.half(), scorer.bilinear.half(), tails.half())
    assert not torch.isfinite(half).all()  # what the product would be in half precision
