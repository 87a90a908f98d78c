"""The paper's biaffine pair scorer: s_jk = h_jᵀ U h_k + W (h_j ‖ h_k) + b."""
import torch

from joint_ner_re.modules.pair_scorer import PairScorer


@PairScorer.register("biaffine")
class BiaffineScorer(PairScorer):
    """``bilinear=False`` drops the ``h_jᵀ U h_k`` term (the paper's ablation (e)). ``W (h_j ‖ h_k)`` is computed as
    ``W_head h_j + W_tail h_k``, the same linear map without materialising the concatenated pairs. With a pair
    context ``c_jk`` (``context_dim > 0``) the score gains a linear term ``W_c c_jk``.

    The bilinear product is computed in float32 even under mixed precision: it multiplies two unbounded ReLU
    outputs and can overflow in half precision.
    """

    def __init__(
        self, head_dim: int, tail_dim: int, num_labels: int, context_dim: int = 0, bilinear: bool = True
    ) -> None:
        super().__init__()
        self.head_linear = torch.nn.Linear(head_dim, num_labels)  # carries the bias b
        self.tail_linear = torch.nn.Linear(tail_dim, num_labels, bias=False)
        self.bilinear = torch.nn.Parameter(torch.empty(num_labels, head_dim, tail_dim)) if bilinear else None
        if self.bilinear is not None:
            for matrix in self.bilinear.data:
                torch.nn.init.xavier_uniform_(matrix)
        self.context_linear = torch.nn.Linear(context_dim, num_labels, bias=False) if context_dim else None

    def forward(self, heads: torch.Tensor, tails: torch.Tensor, context: torch.Tensor = None) -> torch.Tensor:
        scores = self.head_linear(heads).unsqueeze(2) + self.tail_linear(tails).unsqueeze(1)
        if self.bilinear is not None:
            with torch.autocast(heads.device.type, enabled=False):
                heads32, tails32 = heads.float(), tails.float()
                projected = torch.einsum("bim,cmn->bicn", heads32, self.bilinear.float())
                scores = scores + torch.einsum("bicn,bjn->bijc", projected, tails32)
        if self.context_linear is not None:
            if context is None:
                raise ValueError("this scorer was built with context_dim > 0 and expects pair context vectors")
            scores = scores + self.context_linear(context)
        return scores
