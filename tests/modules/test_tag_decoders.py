import torch

from joint_ner_re.data.bioes import TagScheme
from joint_ner_re.modules import ArgmaxTagDecoder, ConstrainedTagDecoder

TAGS = ["O", "B-A", "I-A", "E-A", "S-A"]
SCHEME = TagScheme(TAGS)


def test_argmax_may_be_invalid_where_constrained_is_the_best_valid_sequence():
    # per word: O wins, then a stray E-A wins; the best valid sequence is B-A E-A
    probabilities = torch.tensor([[[0.5, 0.4, 0.0, 0.0, 0.1], [0.1, 0.0, 0.0, 0.8, 0.1]]])
    logits, mask = probabilities.clamp(min=1e-6).log(), torch.ones(1, 2, dtype=torch.bool)
    assert [TAGS[i] for i in ArgmaxTagDecoder()(logits, mask, SCHEME)[0]] == ["O", "E-A"]
    assert [TAGS[i] for i in ConstrainedTagDecoder()(logits, mask, SCHEME)[0]] == ["B-A", "E-A"]
