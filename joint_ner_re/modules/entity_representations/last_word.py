"""The paper's candidate representation: an entity is the vector of its last word."""
import torch

from joint_ner_re.modules.entity_representations.entity_representation import EntityRepresentation, at_positions
from joint_ner_re.modules.relation_candidates import Candidates


@EntityRepresentation.register("last_word")
class LastWordRepresentation(EntityRepresentation):
    """``x_j^RE`` at the entity's last word (the word tagged E- or S-), as in Giorgi et al. (2019)."""

    def get_output_dim(self) -> int:
        return self.input_dim

    def forward(self, sequence: torch.Tensor, candidates: Candidates) -> torch.Tensor:
        return at_positions(sequence, candidates.last)
