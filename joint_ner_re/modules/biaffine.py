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

    ``U`` is stored as (head_dim, labels, tail_dim), so that ``h_jᵀ U`` for every label is one matrix product with
    ``U`` as it lies in memory (stored label-first, each call re-laid 6 MB of weights: 6% of a one-sentence
    prediction). Weights saved in the label-first layout (before module version 2) are converted on loading.
    """

    _version = 2

    def __init__(
        self, head_dim: int, tail_dim: int, num_labels: int, context_dim: int = 0, bilinear: bool = True
    ) -> None:
        super().__init__()
        self.head_linear = torch.nn.Linear(head_dim, num_labels)  # carries the bias b
        self.tail_linear = torch.nn.Linear(tail_dim, num_labels, bias=False)
        self.bilinear = None
        if bilinear:
            per_label = torch.empty(num_labels, head_dim, tail_dim)
            for matrix in per_label:
                torch.nn.init.xavier_uniform_(matrix)
            self.bilinear = torch.nn.Parameter(per_label.transpose(0, 1).contiguous())
        self.context_linear = torch.nn.Linear(context_dim, num_labels, bias=False) if context_dim else None

    def forward(self, heads: torch.Tensor, tails: torch.Tensor, context: torch.Tensor = None) -> torch.Tensor:
        scores = self.head_linear(heads).unsqueeze(2) + self.tail_linear(tails).unsqueeze(1)
        if self.bilinear is not None:
            with torch.autocast(heads.device.type, enabled=False):
                batch, n, _ = heads.shape
                head_dim, labels, tail_dim = self.bilinear.shape
                weights = self.bilinear.float().view(head_dim, labels * tail_dim)
                projected = (heads.float() @ weights).view(batch, n * labels, tail_dim)  # h_jᵀ U_c for every j, c
                bilinear = torch.bmm(projected, tails.float().transpose(1, 2))  # (batch, n * labels, n)
                scores = scores + bilinear.view(batch, n, labels, n).transpose(2, 3)
        if self.context_linear is not None:
            if context is None:
                raise ValueError("this scorer was built with context_dim > 0 and expects pair context vectors")
            scores = scores + self.context_linear(context)
        return scores

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, *args, **kwargs) -> None:
        stored, key = state_dict.get(prefix + "bilinear"), prefix + "bilinear"
        if stored is not None and self.bilinear is not None:
            label_first = self.bilinear.shape[1], self.bilinear.shape[0], self.bilinear.shape[2]
            # by shape; only where labels == head_dim do both layouts look alike, and the saved version decides
            if stored.shape == label_first and (
                stored.shape != self.bilinear.shape or local_metadata.get("version", 1) < 2
            ):
                state_dict[key] = stored.transpose(0, 1).contiguous()
        super()._load_from_state_dict(state_dict, prefix, local_metadata, *args, **kwargs)
