"""What the relation module reads of each candidate entity: one vector per candidate."""
import torch
from allennlp.common import Registrable

from joint_ner_re.modules.relation_candidates import Candidates


class EntityRepresentation(torch.nn.Module, Registrable):
    """Maps the relation module's word vectors (``x_i^RE``: encoder output ‖ entity-label embedding) and a set of
    candidates to one vector per candidate, the input of the head and tail FFNNs.

    Built lazily by the model, which knows ``input_dim``. To add one: a new file in this folder with a subclass
    registered under its name, re-exported by ``__init__``; configs select it with
    ``entity_representation: {type: NAME, ...}``.
    """

    default_implementation = "last_word"

    def __init__(self, input_dim: int) -> None:
        super().__init__()
        self.input_dim = input_dim

    def get_output_dim(self) -> int:
        raise NotImplementedError

    def forward(self, sequence: torch.Tensor, candidates: Candidates) -> torch.Tensor:
        """(batch, words, input_dim) and n candidates per sentence -> (batch, n, output_dim)."""
        raise NotImplementedError


def at_positions(sequence: torch.Tensor, positions: torch.LongTensor) -> torch.Tensor:
    """(batch, words, dim) read at (batch, n) word positions -> (batch, n, dim)."""
    rows = torch.arange(sequence.size(0), device=sequence.device).unsqueeze(1)
    return sequence[rows, positions]
