"""Each switch and rule of the model does what it names in the forward pass, observed on the fixture sentences:
the head/tail FFNN modes, the bilinear term, the entity embeddings, NEG targets for a wrongly typed entity, and the
alignment of relation outputs with the entities the metric scores them against."""
from typing import Any, Dict

import pytest
import torch
from allennlp.common import Params
from allennlp.data import Batch, DatasetReader, Vocabulary
from allennlp.models import Model

from tests.conftest import CONFIG, FIXTURES

DATA = FIXTURES / "conll04_like.json"
MARIA = 0  # "Maria Lopez works for Acme Corp in Boston ." Peop(0-2) Org(4-6) Loc(7-8); Work_For, OrgBased_In, Live_In


def model_and_batch(count: int = 4, **options):
    """A model of the fixture config with ``options``, in eval mode, and the first ``count`` fixture sentences."""
    params = Params.from_file(str(CONFIG))
    reader = DatasetReader.from_params(params.pop("dataset_reader"))
    instances = list(reader.read(str(DATA)))
    vocab = Vocabulary.from_instances(instances)
    torch.manual_seed(0)
    model = Model.from_params(vocab=vocab, params=Params({**params.pop("model").as_dict(), **options}))
    model.eval()
    batch = Batch(instances[:count])
    batch.index_instances(vocab)
    return model, batch.as_tensor_dict()


def observe(model, tensors) -> Dict[str, Any]:
    """Run the model; return what reached the entity representation and the pair scorer, and the output."""
    seen: Dict[str, Any] = {}
    hooks = [
        model.embedder.register_forward_hook(lambda m, args, out: seen.update(words=out)),
        model.entity_representation.register_forward_hook(
            lambda m, args, out: seen.update(relation_input=args[0], vectors=out)),
        model.pair_scorer.register_forward_hook(lambda m, args, out: seen.update(heads=args[0], tails=args[1],
                                                                                scores=out)),
    ]
    with torch.no_grad():
        seen["output"] = model(**tensors)
    for hook in hooks:
        hook.remove()
    return seen


def test_separate_head_and_tail_ffnns_score_each_role_with_its_own():
    model, tensors = model_and_batch(gold_entities=True)
    seen = observe(model, tensors)
    with torch.no_grad():
        assert torch.equal(seen["heads"], model.head_ffnn(seen["vectors"]))
        assert torch.equal(seen["tails"], model.tail_ffnn(seen["vectors"]))
    assert not torch.allclose(seen["heads"], seen["tails"])


def test_a_shared_ffnn_gives_heads_and_tails_the_same_vectors():
    model, tensors = model_and_batch(gold_entities=True, head_tail="shared")
    seen = observe(model, tensors)
    with torch.no_grad():
        assert torch.equal(seen["heads"], model.head_ffnn(seen["vectors"]))
    assert torch.equal(seen["heads"], seen["tails"])
    assert sum(name.startswith("tail_ffnn") for name, _ in model.named_parameters()) == 0  # one set of weights


def test_no_head_tail_ffnn_scores_the_entity_vectors_themselves():
    model, tensors = model_and_batch(gold_entities=True, head_tail="none")
    seen = observe(model, tensors)
    assert torch.equal(seen["heads"], seen["vectors"]) and torch.equal(seen["tails"], seen["vectors"])


@pytest.mark.parametrize("bilinear", [True, False])
def test_the_bilinear_switch_adds_or_drops_the_bilinear_term(bilinear):
    model, tensors = model_and_batch(gold_entities=True, pair_scorer={"type": "biaffine", "bilinear": bilinear})
    seen = observe(model, tensors)
    scorer = model.pair_scorer
    with torch.no_grad():
        linear = scorer.head_linear(seen["heads"]).unsqueeze(2) + scorer.tail_linear(seen["tails"]).unsqueeze(1)
    if bilinear:
        bilinear_term = torch.einsum("bim,mcn,bjn->bijc", seen["heads"], scorer.bilinear, seen["tails"])
        assert bilinear_term.abs().max() > 1e-4
        assert torch.allclose(seen["scores"], linear + bilinear_term, atol=1e-5)
    else:
        assert torch.allclose(seen["scores"], linear, atol=1e-6)


@pytest.mark.parametrize("dimension", [0, 8])
def test_entity_embeddings_are_concatenated_only_when_they_have_a_size(dimension):
    model, tensors = model_and_batch(gold_entities=True, entity_embedding_dim=dimension)
    seen = observe(model, tensors)
    words, relation_input = seen["words"], seen["relation_input"]
    assert relation_input.size(-1) == words.size(-1) + dimension
    assert torch.equal(relation_input[..., : words.size(-1)], words)
    if dimension:  # the embedding of the tags the relation module reads (gold here)
        with torch.no_grad():
            assert torch.equal(relation_input[..., words.size(-1):], model.entity_embedding(tensors["tags"]))


def _retyped_tags(model, tags: torch.Tensor, row: int, start: int, end: int, new_type: str) -> torch.Tensor:
    """The tag ids with the entity [start, end) of ``row`` given ``new_type`` (BIOES prefixes kept)."""
    tags = tags.clone()
    for position in range(start, end):
        prefix = model.vocab.get_token_from_index(int(tags[row, position]), "entity_tags").split("-", 1)[0]
        tags[row, position] = model.vocab.get_token_index(f"{prefix}-{new_type}", "entity_tags")
    return tags


@pytest.mark.parametrize("match_entity_types", [True, False])
def test_a_wrongly_typed_entity_makes_its_pairs_negative_targets_unless_types_are_not_matched(match_entity_types):
    model, tensors = model_and_batch(relation_targets={"type": "predicted", "match_entity_types": match_entity_types})
    # the tagger "predicts" the gold tags, except that Acme Corp (4-6) is a Loc instead of an Org
    predicted = _retyped_tags(model, tensors["tags"], MARIA, 4, 6, "Loc")
    model.tag_decoder = lambda logits, mask, scheme: predicted
    targets = {}
    original = model.relation_targets.targets
    model.relation_targets.targets = lambda *args, **kwargs: targets.setdefault("t", original(*args, **kwargs))
    model.train()
    model(**tensors)
    work_for = 1 + model.vocab.get_token_index("Work_For", "relation_labels")
    live_in = 1 + model.vocab.get_token_index("Live_In", "relation_labels")
    # candidates in order of their last word: Maria Lopez (0), Acme Corp (1), Boston (2)
    row = targets["t"][MARIA]
    assert row[0, 2] == live_in  # both entities right: the gold relation
    assert row[0, 1] == (0 if match_entity_types else work_for)  # NEG under the paper's rule


def test_relation_outputs_are_scored_against_the_entities_they_point_to():
    model, tensors = model_and_batch(count=1, gold_entities=True)
    labels = model.relation_labels
    live_in = labels.index("Live_In")

    def scores(heads, tails, context=None):  # NEG everywhere but (Maria Lopez -> Boston): Live_In
        out = torch.zeros(heads.size(0), heads.size(1), heads.size(1), len(labels))
        out[..., 0] = 10.0
        out[0, 0, 2, 0], out[0, 0, 2, live_in] = 0.0, 10.0
        return out

    model.pair_scorer.forward = scores
    model.get_metrics(reset=True)
    output = observe(model, tensors)["output"]
    assert [(h, t, label) for h, t, label, _ in output["relations"][0]] == [(0, 2, "Live_In")]
    # one true positive, no false one; Work_For and OrgBased_In missed
    assert model.metric.counts("rel_strict") == (1, 0, 2)
    assert model.metric.counts("rel_strict", "Live_In") == (1, 0, 0)


@pytest.mark.parametrize("rule", ["entities", "end_tags"])
def test_the_paper_candidate_rule_leaves_out_entities_that_end_on_a_dangling_begin_tag(rule):
    model, tensors = model_and_batch(count=1, relation_candidates=rule)
    # the tagger "predicts" the gold tags, except that Acme Corp is tagged B-Org B-Org: two entities, no E-/S- tag
    predicted = tensors["tags"].clone()
    predicted[MARIA, 5] = model.vocab.get_token_index("B-Org", "entity_tags")
    model.tag_decoder = lambda logits, mask, scheme: predicted
    labels = model.relation_labels
    live_in = labels.index("Live_In")

    def scores(heads, tails, context=None):  # NEG everywhere but (first candidate -> last candidate): Live_In
        out = torch.zeros(heads.size(0), heads.size(1), heads.size(1), len(labels))
        out[..., 0] = 10.0
        out[0, 0, -1, 0], out[0, 0, -1, live_in] = 0.0, 10.0
        return out

    model.pair_scorer.forward = scores
    seen = observe(model, tensors)
    output = seen["output"]
    # NER sees the lenient decoder's four entities either way; Acme and Corp are candidates only under "entities"
    entities = [(e.start, e.end, e.type) for e in output["entities"][0]]
    assert entities == [(0, 2, "Peop"), (4, 5, "Org"), (5, 6, "Org"), (7, 8, "Loc")]
    assert seen["heads"].size(1) == (4 if rule == "entities" else 2)
    # the relation points at the entities it joins (indices into all entities, not into the candidates)
    assert [(h, t, label) for h, t, label, _ in output["relations"][0]] == [(0, 3, "Live_In")]
