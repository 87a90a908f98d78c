"""How the NER module's per-word tag scores become one tag per word."""
import torch
from allennlp.common import Registrable

from joint_ner_re.data.bioes import TagScheme


class TagDecoder(Registrable):
    """Maps (batch, words, tags) scores and the word mask to (batch, words) tag ids. The tagger is trained the same
    way whichever decoder is used; only the decoding differs."""

    default_implementation = "argmax"

    def __call__(self, logits: torch.Tensor, mask: torch.BoolTensor, scheme: TagScheme) -> torch.LongTensor:
        raise NotImplementedError


@TagDecoder.register("argmax")
class ArgmaxTagDecoder(TagDecoder):
    """The paper's rule: the most probable tag of each word on its own (sequences may be invalid BIOES; the
    decoding rule of ``joint_ner_re.data.bioes`` reads them)."""

    def __call__(self, logits: torch.Tensor, mask: torch.BoolTensor, scheme: TagScheme) -> torch.LongTensor:
        return logits.argmax(dim=-1)


@TagDecoder.register("constrained")
class ConstrainedTagDecoder(TagDecoder):
    """Beyond the paper: the most probable *valid* BIOES sequence (batched Viterbi over the per-word
    log-probabilities), so that no stray I-/E- tag opens an entity with a wrong start."""

    def __call__(self, logits: torch.Tensor, mask: torch.BoolTensor, scheme: TagScheme) -> torch.LongTensor:
        return scheme.viterbi(logits.detach().log_softmax(dim=-1), mask)
