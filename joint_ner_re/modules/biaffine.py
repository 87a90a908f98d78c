"""The biaffine pair scorer of Giorgi et al. (2019), eq. 8: s_jk = h_jᵀ U h_k + W (h_j ‖ h_k) + b."""
import torch


class BiaffineScorer(torch.nn.Module):
    """Scores every (head j, tail k) pair of a batch of candidate vectors over ``num_labels`` classes at once.

    ``bilinear=False`` drops the ``h_jᵀ U h_k`` term (the paper's ablation (e)). ``W (h_j ‖ h_k)`` is computed as
    ``W_head h_j + W_tail h_k``, which is the same linear map without materialising the concatenated pairs.
    """

    def __init__(self, head_dim: int, tail_dim: int, num_labels: int, bilinear: bool = True) -> None:
        super().__init__()
        self.head_linear = torch.nn.Linear(head_dim, num_labels)  # carries the bias b
        self.tail_linear = torch.nn.Linear(tail_dim, num_labels, bias=False)
        self.bilinear = torch.nn.Parameter(torch.empty(num_labels, head_dim, tail_dim)) if bilinear else None
        if self.bilinear is not None:
            for matrix in self.bilinear.data:
                torch.nn.init.xavier_uniform_(matrix)

    def forward(self, heads: torch.Tensor, tails: torch.Tensor) -> torch.Tensor:
        """(batch, n, head_dim), (batch, n, tail_dim) -> (batch, n_heads, n_tails, num_labels)."""
        scores = self.head_linear(heads).unsqueeze(2) + self.tail_linear(tails).unsqueeze(1)
        if self.bilinear is not None:
            projected = torch.einsum("bim,cmn->bicn", heads, self.bilinear)
            scores = scores + torch.einsum("bicn,bjn->bijc", projected, tails)
        return scores
