"""The joint NER + RE model of Giorgi et al. (2019), stage by stage, with every varied part a component."""
from typing import Any, Dict, List, Optional, Tuple

import torch
from allennlp.common import Lazy
from allennlp.common.checks import ConfigurationError
from allennlp.data import Instance, TextFieldTensors, Vocabulary
from allennlp.models import Model
from allennlp.modules import FeedForward, TextFieldEmbedder
from allennlp.nn import Activation
from allennlp.nn.util import get_text_field_mask, sequence_cross_entropy_with_logits

from joint_ner_re.common.options import expect, expect_choice
from joint_ner_re.data.bioes import DecodedSpans, TagScheme
from joint_ner_re.dataset_readers.sentence_reader import RELATION_NAMESPACE, TAG_NAMESPACE
from joint_ner_re.metrics.joint_f1 import JointNerReF1
from joint_ner_re.modules.biaffine import BiaffineScorer
from joint_ner_re.modules.entity_representations import EntityRepresentation, LastWordRepresentation
from joint_ner_re.modules.pair_context import PairContext
from joint_ner_re.modules.pair_scorer import PairScorer
from joint_ner_re.modules.relation_candidates import Candidates, decoded_entities
from joint_ner_re.modules.relation_targets import PredictedEntityTargets, RelationTargets
from joint_ner_re.modules.tag_decoders import ArgmaxTagDecoder, TagDecoder
from joint_ner_re.modules.word_casing import CasingEmbedding

NEGATIVE = "NEG"
HEAD_TAIL_MODES = ("separate", "shared", "none")
CANDIDATE_RULES = ("entities", "end_tags")


def _feedforward(input_dim: int, layers: int, hidden_dim: int, dropout: float) -> FeedForward:
    return FeedForward(input_dim, layers, hidden_dim, Activation.by_name("relu")(), dropout)


def relation_decisions(
    scores: torch.Tensor, threshold: Optional[float] = None
) -> Tuple[torch.LongTensor, torch.Tensor, torch.BoolTensor]:
    """Per pair, from its scores over the relation classes (NEG first): the class it would be given, that class's
    probability, and whether it is a relation. Without a threshold, the most probable class (the paper's argmax);
    with one, the most probable relation class, a relation when its probability reaches the threshold."""
    probabilities = torch.softmax(scores.float(), dim=-1)
    if threshold is None:
        best_probability, best_label = probabilities.max(dim=-1)
        return best_label, best_probability, best_label != 0
    best_probability, best_label = probabilities[..., 1:].max(dim=-1)
    return best_label + 1, best_probability, best_probability >= threshold


@Model.register("joint_ner_re")
class JointNerRe(Model):
    """Transformer encoder -> BIOES tagger (no CRF) -> entity-label embeddings -> candidate entities -> head/tail
    FFNNs -> pair scorer. For a sentence of words ``w_1 ... w_N``:

    1. encoder: ``x_i`` = the word's first (or averaged) word-piece vector, fine-tuned (with
       ``casing_embedding_dim``, followed by a learned vector of the word's casing);
    2. NER: ``s_i = FFNN_NER(x_i)``, tag scores over BIOES labels, token-level cross-entropy ``L_NER``; the
       ``tag_decoder`` turns them into tags ``ŷ_i``;
    3. entity embeddings: ``x_i^RE = x_i ‖ e(ŷ_i)``;
    4. candidates: every predicted entity, read by ``entity_representation`` from ``x^RE`` (the paper: its last
       word) into ``r_j``;
    5. ``h_j^head = FFNN_head(r_j)``, ``h_j^tail = FFNN_tail(r_j)``;
    6. ``pair_scorer`` over every ordered pair of distinct candidates (the paper: biaffine,
       ``s_jk = h_jᵀ U h_k + W (h_j ‖ h_k) + b``, NEG included), ``L_RE`` the cross-entropy over the pairs that
       ``relation_targets`` trains on;
    7. ``L = L_NER + λ L_RE``, λ = ``relation_loss_weight``, reached over the first epoch when the
       ``entity_pretraining`` callback is on.

    # Parameters

    vocab : `Vocabulary`
        With the BIOES tags in ``entity_tags`` and the relation types in ``relation_labels`` (the readers' namespaces).
    embedder : `TextFieldEmbedder`
        A ``pretrained_transformer_mismatched`` embedder (its ``sub_token_mode`` picks first or averaged pieces).
    casing_embedding_dim : `int`, optional (default = 0, the paper's: none)
        Size of a learned vector of each word's casing (lower, Title, UPPER, digits, ...; `word_casing`) appended to
        the encoder's word vector, which everything after the encoder reads: for uncased encoders, which lower-case
        their input and so cannot tell "Bank" from "bank".
    tag_decoder : `TagDecoder`, optional (default = ``argmax``, the paper's)
        ``{"type": "constrained"}``: the most probable valid BIOES sequence instead.
    relation_candidates : `str`, optional (default = ``"entities"``)
        Which decoded entities may take part in a relation: all of them, or (``"end_tags"``, the paper's rule)
        only those whose last word is tagged ``E-``/``S-``, so that a dangling ``B-X`` or a run that stops on
        ``I-X`` is an entity for NER but no relation candidate. The two differ only where the tags are invalid
        BIOES (argmax decoding); every entity of the constrained decoder ends on ``E-``/``S-``.
    ner_ffnn_layers, ner_ffnn_dim : `int`, optional (default = 1, 512)
        1 layer is a linear map to the tag scores (the paper); more adds ReLU hidden layers of ``ner_ffnn_dim``.
    entity_embedding_dim : `int`, optional (default = 128)
        Size of ``e(ŷ_i)``; 0 removes the entity embeddings (ablation (b)).
    entity_representation : `Lazy[EntityRepresentation]`, optional (default = ``last_word``, the paper's)
        ``{"type": "span", ...}``: pooled spans, first and last words, width embeddings.
    pair_context : `Lazy[PairContext]`, optional (default = None, the paper's)
        ``{"type": "between"}``: the pooled words between the two entities enter each pair's score.
    relation_ffnn_layers, relation_ffnn_dim : `int`, optional (default = 2, 512)
        The head and tail FFNNs (ReLU).
    head_tail : `str`, optional (default = ``"separate"``)
        ``"shared"``: one FFNN for both roles (ablation (c)); ``"none"``: no head/tail FFNN, the scorer reads
        ``r_j`` directly (ablation (d)).
    pair_scorer : `Lazy[PairScorer]`, optional (default = ``biaffine``)
        ``{"type": "biaffine", "bilinear": false}`` drops the bilinear term (ablation (e)).
    relation_targets : `RelationTargets`, optional (default = ``predicted``, the paper's rule)
        Which pairs the relation scorer trains on and their targets; ``predicted_and_gold`` adds the gold entities.
    dropout : `float`, optional (default = 0.1)
        On the word vectors, the entity embeddings and inside every FFNN.
    relation_threshold : `float`, optional (default = None, the paper's argmax)
        A pair is a relation when its most probable non-NEG class has at least this probability (then that class),
        instead of when a relation class beats NEG. Tune it on the validation data with ``allennlp tune-threshold``
        and set it at evaluation or prediction with ``--overrides '{"model.relation_threshold": T}'``.
    gold_entities : `bool`, optional (default = False)
        The relation module reads the gold tags instead of the predicted ones ("Ours (gold)"; needs gold tags).
    relation_loss_weight : `float`, optional (default = 1.0)
        λ, the relation loss's weight against NER's (the ``entity_pretraining`` callback ramps it up from 0 over the
        first epoch); ablation (a) "no entity pretraining" is training without that callback.
    symmetric_relation_types : `List[str]`, optional
        Relation types that hold in both directions: scored without direction by the metric, and a gold (j, k) of
        such a type is also the training target of the pair (k, j).
    """

    def __init__(
        self,
        vocab: Vocabulary,
        embedder: TextFieldEmbedder,
        casing_embedding_dim: int = 0,
        tag_decoder: Optional[TagDecoder] = None,
        relation_candidates: str = "entities",
        ner_ffnn_layers: int = 1,
        ner_ffnn_dim: int = 512,
        entity_embedding_dim: int = 128,
        entity_representation: Lazy[EntityRepresentation] = Lazy(LastWordRepresentation),
        pair_context: Optional[Lazy[PairContext]] = None,
        relation_ffnn_layers: int = 2,
        relation_ffnn_dim: int = 512,
        head_tail: str = "separate",
        pair_scorer: Lazy[PairScorer] = Lazy(BiaffineScorer),
        relation_targets: Optional[RelationTargets] = None,
        dropout: float = 0.1,
        relation_threshold: Optional[float] = None,
        gold_entities: bool = False,
        relation_loss_weight: float = 1.0,
        symmetric_relation_types: Optional[List[str]] = None,
        **kwargs,
    ) -> None:
        super().__init__(vocab, **kwargs)
        expect_choice("head_tail", head_tail, HEAD_TAIL_MODES)
        expect_choice("relation_candidates", relation_candidates, CANDIDATE_RULES)
        expect("ner_ffnn_layers", ner_ffnn_layers >= 1, "at least 1", ner_ffnn_layers)
        expect("casing_embedding_dim", casing_embedding_dim >= 0, "0 (none) or a size", casing_embedding_dim)
        # (1) encoder
        self.embedder = embedder
        for name, parameter in embedder.named_parameters():
            if ".pooler." in name:  # unused by a token-level model; a parameter without gradient breaks DDP
                parameter.requires_grad_(False)
        self.casing_embedding = CasingEmbedding(casing_embedding_dim) if casing_embedding_dim else None
        hidden = embedder.get_output_dim() + casing_embedding_dim
        self.dropout = torch.nn.Dropout(dropout)
        # (2) NER
        self.tag_scheme = TagScheme(vocab.get_index_to_token_vocabulary(TAG_NAMESPACE).values())
        num_tags = vocab.get_vocab_size(TAG_NAMESPACE)
        ner_layers: List[torch.nn.Module] = []
        if ner_ffnn_layers > 1:
            ner_layers.append(_feedforward(hidden, ner_ffnn_layers - 1, ner_ffnn_dim, dropout))
        ner_layers.append(torch.nn.Linear(ner_layers[0].get_output_dim() if ner_layers else hidden, num_tags))
        self.ner_ffnn = torch.nn.Sequential(*ner_layers)
        self.tag_decoder = tag_decoder or ArgmaxTagDecoder()
        self.relation_candidates = relation_candidates
        # (3) entity embeddings, (4) candidates
        self.entity_embedding = torch.nn.Embedding(num_tags, entity_embedding_dim) if entity_embedding_dim else None
        self.entity_representation = entity_representation.construct(input_dim=hidden + entity_embedding_dim)
        self.pair_context = pair_context.construct(input_dim=hidden) if pair_context is not None else None
        # (5) head/tail FFNNs
        candidate_dim = self.entity_representation.get_output_dim()
        if head_tail == "none":
            self.head_ffnn = self.tail_ffnn = torch.nn.Identity()
            pair_dim = candidate_dim
        else:
            self.head_ffnn = _feedforward(candidate_dim, relation_ffnn_layers, relation_ffnn_dim, dropout)
            self.tail_ffnn = (
                self.head_ffnn
                if head_tail == "shared"
                else _feedforward(candidate_dim, relation_ffnn_layers, relation_ffnn_dim, dropout)
            )
            pair_dim = relation_ffnn_dim
        # (6) pair scorer
        self.relation_labels = [NEGATIVE] + list(vocab.get_index_to_token_vocabulary(RELATION_NAMESPACE).values())
        self.pair_scorer = pair_scorer.construct(
            head_dim=pair_dim,
            tail_dim=pair_dim,
            num_labels=len(self.relation_labels),
            context_dim=self.pair_context.get_output_dim() if self.pair_context is not None else 0,
        )
        self.relation_targets = relation_targets or PredictedEntityTargets()
        if relation_threshold is not None:
            expect("relation_threshold", 0.0 <= relation_threshold <= 1.0, "a probability", relation_threshold)
        self.relation_threshold = relation_threshold
        # (7) loss
        self.gold_entities = gold_entities
        self.relation_loss_weight = relation_loss_weight
        self.symmetric_relation_types = list(symmetric_relation_types or [])
        symmetric = [label in self.symmetric_relation_types for label in self.relation_labels]
        self.register_buffer("_symmetric_labels", torch.tensor(symmetric, dtype=torch.bool), persistent=False)
        self._any_symmetric = any(symmetric)
        self.metric = JointNerReF1(self.symmetric_relation_types)

    def forward(  # type: ignore[override]
        self,
        tokens: TextFieldTensors,
        metadata: List[Dict[str, Any]],
        tags: Optional[torch.LongTensor] = None,
        relations: Optional[torch.LongTensor] = None,
    ) -> Dict[str, Any]:
        """
        # Parameters

        tokens : `TextFieldTensors`
            The words, indexed by the ``pretrained_transformer_mismatched`` indexer.
        metadata : `List[Dict[str, Any]]`
            Per sentence: ``sentence`` (the reader's record, with the full gold) and ``annotated``.
        tags : `torch.LongTensor`, optional
            (batch, words) gold BIOES tag ids.
        relations : `torch.LongTensor`, optional
            (batch, words, words) gold relation label id at (head last word, tail last word), -1 elsewhere.

        # Returns

        ``loss`` (when gold is given); per sentence ``entities`` (`Entity` records, in order of their last word),
        ``relations`` ((head index, tail index, label, probability) for every pair not classified NEG), ``tags``
        (the predicted tag strings), ``words`` and ``char_offsets`` (raw-text input only).
        """
        mask = get_text_field_mask(tokens)
        # (1) encoder, (2) NER
        words = self.embedder(tokens)
        if self.casing_embedding is not None:
            casing = self.casing_embedding([m["sentence"].words for m in metadata], words.size(1))
            words = torch.cat([words, casing.to(words.dtype)], dim=-1)
        words = self.dropout(words)
        ner_logits = self.ner_ffnn(words)
        predicted_tags = self.tag_decoder(ner_logits, mask, self.tag_scheme)
        if self.gold_entities and tags is None:
            raise ConfigurationError("gold_entities=True needs gold tags; it is an evaluation mode, not for raw text")
        relation_tags = tags if self.gold_entities else predicted_tags
        # (3) entity embeddings, (4) candidates
        relation_input = self._relation_input(words, relation_tags)
        spans = self.tag_scheme.decode(relation_tags, mask)
        candidate_spans = spans
        if self.relation_candidates == "end_tags":
            candidate_spans = self.tag_scheme.ending_at_end_tags(spans, relation_tags)
        candidates = decoded_entities(candidate_spans)
        gold_spans: Optional[DecodedSpans] = None
        if tags is not None:
            gold_spans = spans if self.gold_entities else self.tag_scheme.decode(tags, mask)
        training_on_gold = self.training and gold_spans is not None
        if training_on_gold:  # the training candidates, which may add gold entities (relation_targets)
            candidates = self.relation_targets.candidates(candidates, decoded_entities(gold_spans))
        vectors = self.entity_representation(relation_input, candidates)
        if training_on_gold and not bool(candidates.predicted[candidates.mask].all()):
            gold_vectors = self.entity_representation(self._relation_input(words, tags), candidates)
            vectors = torch.where(candidates.predicted.unsqueeze(2), vectors, gold_vectors)
        # (5) head/tail FFNNs, (6) pair scores
        context = self.pair_context(words, candidates) if self.pair_context is not None else None
        scores = self.pair_scorer(self.head_ffnn(vectors), self.tail_ffnn(vectors), context)

        output: Dict[str, Any] = {}
        if gold_spans is not None and relations is not None:
            # (7) L = L_NER + λ L_RE
            # in float32: under mixed precision the logits are half, which AllenNLP's loss rejects (bfloat16)
            ner_loss = sequence_cross_entropy_with_logits(ner_logits.float(), tags, mask, average="token")
            targets = self.relation_targets.targets(candidates, gold_spans, relations.long(), self.symmetric_classes)
            relation_loss = self.relation_targets.loss(scores, targets, candidates.pair_mask())
            output["loss"] = ner_loss + self.relation_loss_weight * relation_loss

        output["entities"] = self.tag_scheme.entities(spans)
        output["relations"] = self._relations(scores, candidates, spans)
        output["tags"] = [
            [self.tag_scheme.tags[t] for t in sentence[:length]]
            for sentence, length in zip(predicted_tags.tolist(), mask.sum(dim=1).tolist())
        ]
        output["words"] = [m["sentence"].words for m in metadata]
        output["char_offsets"] = [m["sentence"].char_offsets for m in metadata]
        if any(meta["annotated"] for meta in metadata):
            ner_spans = self.tag_scheme.decode(predicted_tags, mask) if self.gold_entities else spans
            self._update_metric(output, ner_spans, metadata)
        return output

    @property
    def symmetric_classes(self) -> Optional[torch.BoolTensor]:
        """One flag per relation class (NEG first): the types that hold in both directions; None if there are none."""
        return self._symmetric_labels if self._any_symmetric else None

    def _relation_input(self, words: torch.Tensor, tags: torch.LongTensor) -> torch.Tensor:
        """``x_i^RE = x_i ‖ e(tag_i)`` (just ``x_i`` without entity embeddings)."""
        if self.entity_embedding is None:
            return words
        return torch.cat([words, self.dropout(self.entity_embedding(tags))], dim=-1)

    def _relations(self, scores: torch.Tensor, candidates: Candidates, spans: DecodedSpans) -> List[List[tuple]]:
        """Per sentence, (head entity index, tail entity index, label, probability) of every predicted pair whose
        most probable class is not NEG (or, with ``relation_threshold``, whose most probable relation class reaches
        it), the indices into the entities of ``spans``. Only those pairs leave the device."""
        best_label, best_probability, is_relation = relation_decisions(scores, self.relation_threshold)
        found = (candidates.pair_mask(predicted_only=True) & is_relation).nonzero()
        rows, heads, tails = at = tuple(found.t())
        # a candidate's entity index: the number of entities ending before its last word (candidates may be fewer)
        entity_index = spans.is_end.long().cumsum(dim=1) - 1
        heads, tails = (entity_index[rows, candidates.last[rows, c]] for c in (heads, tails))
        relations: List[List[tuple]] = [[] for _ in range(scores.size(0))]
        for row, head, tail, label, probability in zip(
            rows.tolist(), heads.tolist(), tails.tolist(), best_label[at].tolist(), best_probability[at].tolist()
        ):
            relations[row].append((head, tail, self.relation_labels[label], probability))
        return relations

    def _update_metric(self, output: Dict[str, Any], ner_spans: DecodedSpans, metadata: List[Dict[str, Any]]) -> None:
        """Score the annotated sentences of the batch against their full gold standard (overlaps included)."""
        predicted, gold = [], []
        ner_entities = self.tag_scheme.entities(ner_spans) if self.gold_entities else output["entities"]
        for row, meta in enumerate(metadata):
            if not meta["annotated"]:
                continue
            entities = output["entities"][row]
            triples = [(entities[h], entities[t], label) for h, t, label, _ in output["relations"][row]]
            ner = ner_entities[row]
            predicted.append((ner, triples))
            gold.append((meta["sentence"].entities, meta["sentence"].relation_spans()))
        if predicted:
            self.metric(predicted, gold)

    def make_output_human_readable(self, output_dict: Dict[str, Any]) -> Dict[str, Any]:
        """Entities as {start, end (exclusive), type, text[, char_start, char_end]}; relations as
        {head, tail (indices into entities), type, score, head_text, tail_text}."""
        readable_entities, readable_relations = [], []
        for words, entities, relations, offsets in zip(
            output_dict["words"], output_dict["entities"], output_dict["relations"], output_dict.pop("char_offsets")
        ):
            readable = [
                {"start": e.start, "end": e.end, "type": e.type, "text": " ".join(words[e.start : e.end])}
                for e in entities
            ]
            if offsets:  # raw-text input: where each entity lies in the original string
                for entity, item in zip(entities, readable):
                    item["char_start"], item["char_end"] = offsets[entity.start][0], offsets[entity.last][1]
            readable_entities.append(readable)
            readable_relations.append(
                [
                    {
                        "head": head,
                        "tail": tail,
                        "type": label,
                        "score": score,
                        "head_text": readable[head]["text"],
                        "tail_text": readable[tail]["text"],
                    }
                    for head, tail, label, score in relations
                ]
            )
        output_dict["entities"], output_dict["relations"] = readable_entities, readable_relations
        return output_dict

    def get_metrics(self, reset: bool = False) -> Dict[str, float]:
        return self.metric.get_metric(reset)

    def forward_on_instances(self, instances: List[Instance]) -> List[Dict[str, Any]]:
        """AllenNLP's, under ``torch.inference_mode`` (no autograd bookkeeping at all, where ``no_grad`` keeps
        version counters): the path of every predictor and of ``allennlp predict``."""
        with torch.inference_mode():
            return super().forward_on_instances(instances)

    def _get_prediction_device(self) -> int:
        """The device of the first parameter (the model lives on one device): AllenNLP's walks all of them on every
        ``forward_on_instances`` call, 2% of predicting one sentence with MiniLM."""
        device = next(self.parameters()).device
        return device.index if device.type == "cuda" else -1

    default_predictor = "joint_ner_re"
