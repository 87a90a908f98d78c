import json

import pytest
import torch
from allennlp.common.testing import ModelTestCase
from allennlp.data import Batch
from allennlp.models import Model
from allennlp.nn import util

from allennlp.common import Params
from allennlp.common.checks import ConfigurationError
from allennlp.data import Vocabulary

from joint_ner_re.models import JointNerRe
from joint_ner_re.models.joint_ner_re import relation_decisions
from joint_ner_re.modules import (
    ArgmaxTagDecoder,
    BiaffineScorer,
    ConstrainedTagDecoder,
    LastWordRepresentation,
    PredictedAndGoldEntityTargets,
    PredictedEntityTargets,
)
from tests.conftest import CONFIG, FIXTURES

DATA = FIXTURES / "conll04_like.json"


class TestJointNerRe(ModelTestCase):
    def setup_method(self):
        super().setup_method()
        self.set_up_model(CONFIG, DATA, seed=1)

    def test_can_train_save_and_load(self):
        self.ensure_model_can_train_save_and_load(CONFIG, seed=1)

    @pytest.mark.parametrize(
        "options",
        [
            {"entity_embedding_dim": 0},  # (b) no entity embeddings
            {"head_tail": "shared"},  # (c) one FFNN for head and tail
            {"head_tail": "none"},  # (d) no head/tail FFNN
            {"pair_scorer": {"type": "biaffine", "bilinear": False}},  # (e) no bilinear term
            {"gold_entities": True},  # "Ours (gold)"
            {"tag_decoder": {"type": "constrained"}},  # valid BIOES by Viterbi instead of argmax
            {"ner_ffnn_layers": 2, "ner_ffnn_dim": 8, "relation_ffnn_layers": 1},
            {"entity_representation": {"type": "span", "pooling": "mean", "width_embedding_dim": 4}},
            {"pair_context": {"type": "between"}},
            {"pair_context": {"type": "between", "ordered": True}},
            {"casing_embedding_dim": 4, "pair_context": {"type": "between"}},
            {"symmetric_relation_types": ["Live_In"]},
            {"relation_targets": {"type": "predicted_and_gold", "match_entity_types": False, "negative_weight": 0.5}},
        ],
    )
    def test_every_switch_trains_saves_and_loads(self, options):
        self.ensure_model_can_train_save_and_load(
            CONFIG, seed=1, overrides=json.dumps({f"model.{k}": v for k, v in options.items()})
        )

    def test_without_entity_pretraining(self):  # (a): no callback, λ stays 1 from the first batch
        self.ensure_model_can_train_save_and_load(
            CONFIG, seed=1, overrides=json.dumps({"trainer.callbacks": []})
        )

    def test_batch_predictions_are_consistent(self):
        # relations carry float scores; they are compared with a tolerance below
        self.ensure_batch_predictions_are_consistent(keys_to_ignore=("relations",))

    def _trained_model(self) -> JointNerRe:
        """The fixture model after a few hand-driven steps, so that it predicts entities and relations."""
        optimizer = torch.optim.Adam(self.model.parameters(), lr=3e-3)
        tensors = self.dataset.as_tensor_dict()
        self.model.train()
        for _ in range(30):
            optimizer.zero_grad()
            self.model(**tensors)["loss"].backward()
            optimizer.step()
        self.model.eval()
        return self.model

    def test_relations_agree_between_batch_and_single_instances(self):
        model = self._trained_model()
        batch = model.forward_on_instances(self.instances)
        assert any(output["relations"] for output in batch), "the trained fixture model should find relations"
        for instance, batched in zip(self.instances, batch):
            single = model.forward_on_instance(instance)
            assert single["entities"] == batched["entities"]
            assert [(r["head"], r["tail"], r["type"]) for r in single["relations"]] == [
                (r["head"], r["tail"], r["type"]) for r in batched["relations"]
            ]
            for a, b in zip(single["relations"], batched["relations"]):
                assert a["score"] == pytest.approx(b["score"], abs=1e-5)

    def test_every_trainable_parameter_gets_a_gradient(self):
        # DDP needs this: a parameter without a gradient stalls the all-reduce
        model = self._trained_model()
        model.train()
        model.zero_grad()
        model(**self.dataset.as_tensor_dict())["loss"].backward()
        missing = [n for n, p in model.named_parameters() if p.requires_grad and p.grad is None]
        assert missing == []
        assert not any(p.requires_grad for n, p in model.named_parameters() if ".pooler." in n)

    def test_no_candidates_still_gives_a_loss_graph(self):
        # an untrained model on one sentence without entities: L_RE is 0 but every head stays in the graph
        instance = self.instances[8]  # "Nobody said anything ."
        batch = Batch([instance])
        batch.index_instances(self.vocab)
        self.model.train()
        output = self.model(**batch.as_tensor_dict())
        output["loss"].backward()
        assert self.model.pair_scorer.head_linear.weight.grad is not None

    def test_relation_loss_weight_scales_only_the_relation_loss(self):
        tensors = self.dataset.as_tensor_dict()
        self.model.eval()
        logits = {}
        self.model.ner_ffnn.register_forward_hook(lambda module, args, out: logits.update(ner=out))
        losses = {}
        for weight in (0.0, 1.0, 2.0):
            self.model.relation_loss_weight = weight
            losses[weight] = self.model(**tensors)["loss"].item()
        # λ = 0 leaves the NER cross-entropy alone, as computed from the NER scores
        mask = util.get_text_field_mask(tensors["tokens"])
        ner = util.sequence_cross_entropy_with_logits(logits["ner"], tensors["tags"], mask, average="token").item()
        assert losses[0.0] == pytest.approx(ner, rel=1e-6)
        # and each unit of λ adds the same, non-zero relation loss
        relation = losses[1.0] - losses[0.0]
        assert relation > 0
        assert losses[2.0] == pytest.approx(ner + 2 * relation, rel=1e-5)

    def test_metrics_after_an_epoch_report_every_mode(self):
        model = self._trained_model()
        model.get_metrics(reset=True)
        model(**self.dataset.as_tensor_dict())
        metrics = model.get_metrics(reset=True)
        for name in ("ner_f1", "rel_strict_f1", "rel_boundaries_f1", "rel_paper_f1", "overall_f1",
                     "ner_macro_f1", "rel_strict_macro_f1", "ner_f1_Peop", "rel_strict_precision_Work_For"):
            assert name in metrics and isinstance(metrics[name], float)
        assert metrics["ner_f1"] > 0.5  # the hand-trained fixture model recognises most entities

    def test_gold_entity_mode_needs_gold_tags(self):
        self.model.gold_entities = True
        batch = Batch([self.instances[0]])
        batch.index_instances(self.vocab)
        tensors = batch.as_tensor_dict()
        del tensors["tags"]
        with pytest.raises(Exception, match="gold_entities=True needs gold tags"):
            self.model(**tensors)


    def test_a_relation_threshold_decides_which_pairs_are_relations(self):
        model = self._trained_model()
        instances = self.instances
        model.relation_threshold = 0.0  # every pair of predicted entities, with its best relation class
        everything = model.forward_on_instances(instances)
        for output in everything:
            n = len(output["entities"])
            assert len(output["relations"]) == n * (n - 1)
            assert all(r["type"] != "NEG" for r in output["relations"])
        model.relation_threshold = 0.6
        strict = model.forward_on_instances(instances)
        for loose, kept in zip(everything, strict):
            expected = [(r["head"], r["tail"], r["type"]) for r in loose["relations"] if r["score"] >= 0.6]
            assert [(r["head"], r["tail"], r["type"]) for r in kept["relations"]] == expected


def _build(**options) -> JointNerRe:
    vocab = Vocabulary()
    vocab.add_tokens_to_namespace(["O", "B-Peop", "E-Peop", "S-Peop"], "entity_tags")
    vocab.add_tokens_to_namespace(["Kill"], "relation_labels")
    model = {**Params.from_file(str(CONFIG)).as_dict()["model"], **options}
    return Model.from_params(vocab=vocab, params=Params(model))


@pytest.mark.parametrize("option", [{"head_tail": "twin"}, {"ner_ffnn_layers": 0}, {"casing_embedding_dim": -1}])
def test_invalid_switch_values_are_configuration_errors(option):
    with pytest.raises(ConfigurationError, match=next(iter(option))):
        _build(**option)


def test_the_defaults_are_the_papers_model():
    model = _build()
    assert isinstance(model.tag_decoder, ArgmaxTagDecoder)
    assert isinstance(model.entity_representation, LastWordRepresentation)
    assert model.pair_context is None and model.casing_embedding is None
    assert isinstance(model.pair_scorer, BiaffineScorer) and model.pair_scorer.bilinear is not None
    assert isinstance(model.relation_targets, PredictedEntityTargets)
    assert model.relation_targets.match_entity_types and model.relation_targets.negative_weight == 1.0
    assert model.head_ffnn is not model.tail_ffnn and model.entity_embedding.embedding_dim == 8


@pytest.mark.parametrize(
    "options, built",
    [
        ({"entity_embedding_dim": 0}, lambda m: m.entity_embedding is None and m.entity_representation.input_dim == 32),
        ({"head_tail": "shared"}, lambda m: m.head_ffnn is m.tail_ffnn),
        ({"head_tail": "none"}, lambda m: isinstance(m.head_ffnn, torch.nn.Identity) and m.pair_scorer.bilinear.shape == (40, 2, 40)),
        ({"pair_scorer": {"bilinear": False}}, lambda m: m.pair_scorer.bilinear is None),
        ({"tag_decoder": {"type": "constrained"}}, lambda m: isinstance(m.tag_decoder, ConstrainedTagDecoder)),
        (
            {"entity_representation": {"type": "span", "width_embedding_dim": 4}, "pair_context": {"type": "between"}},
            lambda m: m.head_ffnn.get_input_dim() == 3 * 40 + 4 and m.pair_scorer.context_linear.in_features == 32,
        ),
        (
            {"casing_embedding_dim": 4, "pair_context": {"type": "between"}},
            lambda m: m.ner_ffnn[0].in_features == 36 and m.pair_context.get_output_dim() == 36,
        ),
        ({"pair_context": {"type": "between", "ordered": True}}, lambda m: m.pair_scorer.context_linear.in_features == 64),
        ({"relation_targets": {"type": "predicted_and_gold"}}, lambda m: isinstance(m.relation_targets, PredictedAndGoldEntityTargets)),
    ],
)
def test_each_switch_builds_the_model_it_names(options, built):
    assert built(_build(**options))


def test_relation_decisions_by_argmax_and_by_threshold():
    scores = torch.tensor([0.5, 0.3, 0.2]).log()  # NEG, then two relation classes
    label, probability, is_relation = relation_decisions(scores)
    assert (int(label), round(float(probability), 4), bool(is_relation)) == (0, 0.5, False)
    label, probability, is_relation = relation_decisions(scores, threshold=0.25)
    assert (int(label), round(float(probability), 4), bool(is_relation)) == (1, 0.3, True)
    assert not bool(relation_decisions(scores, threshold=0.35)[2])
