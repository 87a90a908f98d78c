"""The joint NER + RE model of Giorgi et al. (2019), DESIGN.md §1."""
from typing import Any, Dict, List, Optional

import torch
from allennlp.common.checks import ConfigurationError
from allennlp.data import TextFieldTensors, Vocabulary
from allennlp.models import Model
from allennlp.modules import FeedForward, TextFieldEmbedder
from allennlp.nn import Activation
from allennlp.nn.util import get_text_field_mask, sequence_cross_entropy_with_logits

from joint_ner_re.data.bioes import TagScheme
from joint_ner_re.data.sentence import Sentence
from joint_ner_re.dataset_readers.sentence_reader import RELATION_NAMESPACE, TAG_NAMESPACE
from joint_ner_re.metrics.joint_f1 import JointNerReF1
from joint_ner_re.modules.biaffine import BiaffineScorer
from joint_ner_re.modules.relation_candidates import entity_ends, pair_targets

NEGATIVE = "NEG"
HEAD_TAIL_MODES = ("separate", "shared", "none")


def _feedforward(input_dim: int, layers: int, hidden_dim: int, dropout: float) -> FeedForward:
    return FeedForward(input_dim, layers, hidden_dim, Activation.by_name("relu")(), dropout)


@Model.register("joint_ner_re")
class JointNerRe(Model):
    """Transformer encoder → BIOES tagger (no CRF) → entity-label embeddings → head/tail FFNNs → biaffine scorer.

    Parameters (defaults are the paper's Table A.2):

    * ``embedder``: a ``pretrained_transformer_mismatched`` embedder (a word is its first or averaged word piece,
      by the embedder's ``sub_token_mode``).
    * ``ner_ffnn_layers``/``ner_ffnn_dim``: 1 layer = a linear map to the tag scores; more adds ReLU hidden layers.
    * ``entity_embedding_dim``: size of the embedding of the argmax tag; 0 disables it (ablation (b)).
    * ``relation_ffnn_layers``/``relation_ffnn_dim``: the head and tail FFNNs (2 × 512, ReLU).
    * ``head_tail``: ``separate`` (paper), ``shared`` (one FFNN for both roles, ablation (c)) or ``none``
      (the biaffine scorer reads the word vectors directly, ablation (d)).
    * ``bilinear``: False drops the bilinear term (ablation (e)).
    * ``gold_entities``: the relation module reads the gold tags instead of the predicted ones ("Ours (gold)").
    * ``constrained_decoding``: the predicted tags are the most probable valid BIOES sequence (Viterbi over the
      tagger's per-word probabilities) instead of the paper's per-word argmax; the training loss is unchanged.
    * ``relation_loss_weight``: λ in L = L_NER + λ L_RE; the ``entity_pretraining`` callback ramps it from 0.
      Without the callback it stays at this value (ablation (a) "no entity pretraining").
    * ``symmetric_relation_types``: scored without direction by the metric.

    Relation candidates are all ordered pairs of distinct predicted entities, each represented by its last word.
    A candidate's gold class is the gold relation between the two entities if both are exactly right, else NEG.
    """

    def __init__(
        self,
        vocab: Vocabulary,
        embedder: TextFieldEmbedder,
        ner_ffnn_layers: int = 1,
        ner_ffnn_dim: int = 512,
        entity_embedding_dim: int = 128,
        relation_ffnn_layers: int = 2,
        relation_ffnn_dim: int = 512,
        head_tail: str = "separate",
        bilinear: bool = True,
        dropout: float = 0.1,
        gold_entities: bool = False,
        constrained_decoding: bool = False,
        relation_loss_weight: float = 1.0,
        symmetric_relation_types: Optional[List[str]] = None,
        **kwargs,
    ) -> None:
        super().__init__(vocab, **kwargs)
        if head_tail not in HEAD_TAIL_MODES:
            raise ConfigurationError(f"head_tail must be one of {HEAD_TAIL_MODES}, got {head_tail!r}")
        if ner_ffnn_layers < 1:
            raise ConfigurationError(f"ner_ffnn_layers must be at least 1, got {ner_ffnn_layers}")
        self.embedder = embedder
        for name, parameter in embedder.named_parameters():
            if ".pooler." in name:  # unused by a token-level model; a parameter without gradient breaks DDP
                parameter.requires_grad_(False)
        self.tag_scheme = TagScheme(vocab.get_index_to_token_vocabulary(TAG_NAMESPACE).values())
        num_tags = vocab.get_vocab_size(TAG_NAMESPACE)
        self.relation_labels = [NEGATIVE] + list(vocab.get_index_to_token_vocabulary(RELATION_NAMESPACE).values())
        hidden = embedder.get_output_dim()

        self.dropout = torch.nn.Dropout(dropout)
        ner_layers: List[torch.nn.Module] = []
        if ner_ffnn_layers > 1:
            ner_layers.append(_feedforward(hidden, ner_ffnn_layers - 1, ner_ffnn_dim, dropout))
        ner_layers.append(torch.nn.Linear(ner_layers[0].get_output_dim() if ner_layers else hidden, num_tags))
        self.ner_ffnn = torch.nn.Sequential(*ner_layers)

        self.entity_embedding = torch.nn.Embedding(num_tags, entity_embedding_dim) if entity_embedding_dim else None
        relation_input = hidden + entity_embedding_dim
        if head_tail == "none":
            self.head_ffnn = self.tail_ffnn = torch.nn.Identity()
            pair_dim = relation_input
        else:
            self.head_ffnn = _feedforward(relation_input, relation_ffnn_layers, relation_ffnn_dim, dropout)
            self.tail_ffnn = (
                self.head_ffnn
                if head_tail == "shared"
                else _feedforward(relation_input, relation_ffnn_layers, relation_ffnn_dim, dropout)
            )
            pair_dim = relation_ffnn_dim
        self.biaffine = BiaffineScorer(pair_dim, pair_dim, len(self.relation_labels), bilinear=bilinear)
        self.gold_entities = gold_entities
        self.constrained_decoding = constrained_decoding
        self.relation_loss_weight = relation_loss_weight
        self.metric = JointNerReF1(symmetric_relation_types or [])

    def forward(  # type: ignore[override]
        self,
        tokens: TextFieldTensors,
        metadata: List[Dict[str, Any]],
        tags: Optional[torch.LongTensor] = None,
        relations: Optional[torch.LongTensor] = None,
    ) -> Dict[str, Any]:
        mask = get_text_field_mask(tokens)
        words = self.dropout(self.embedder(tokens))
        ner_logits = self.ner_ffnn(words)
        if self.constrained_decoding:
            predicted_tags = self.tag_scheme.viterbi(ner_logits.detach().log_softmax(dim=-1), mask)
        else:
            predicted_tags = ner_logits.argmax(dim=-1)
        if self.gold_entities and tags is None:
            raise ConfigurationError("gold_entities=True needs gold tags; it is an evaluation mode, not for raw text")
        relation_tags = tags if self.gold_entities else predicted_tags

        relation_input = words
        if self.entity_embedding is not None:
            relation_input = torch.cat([words, self.dropout(self.entity_embedding(relation_tags))], dim=-1)
        spans = self.tag_scheme.decode(relation_tags, mask)
        candidates = entity_ends(spans)
        rows = torch.arange(mask.size(0), device=mask.device).unsqueeze(1)
        candidate_vectors = relation_input[rows, candidates.positions]
        scores = self.biaffine(self.head_ffnn(candidate_vectors), self.tail_ffnn(candidate_vectors))
        pair_mask = candidates.pair_mask()

        output: Dict[str, Any] = {}
        if tags is not None and relations is not None:
            ner_loss = sequence_cross_entropy_with_logits(ner_logits, tags, mask, average="token")
            gold_spans = spans if self.gold_entities else self.tag_scheme.decode(tags, mask)
            targets = pair_targets(candidates, spans, gold_spans, relations.long())
            if pair_mask.any():
                relation_loss = torch.nn.functional.cross_entropy(scores[pair_mask], targets[pair_mask])
            else:  # keep every parameter in the graph (DDP) without changing the loss
                relation_loss = scores.sum() * 0.0
            output["loss"] = ner_loss + self.relation_loss_weight * relation_loss

        output["entities"] = [self.tag_scheme.entities(spans, row) for row in range(mask.size(0))]
        output["relations"] = self._relations(scores, pair_mask)
        output["tags"] = [
            [self.vocab.get_token_from_index(t, TAG_NAMESPACE) for t in sentence[: int(length)]]
            for sentence, length in zip(predicted_tags.tolist(), mask.sum(dim=1).tolist())
        ]
        output["words"] = [m["sentence"].words for m in metadata]
        output["char_offsets"] = [m["sentence"].extra.get("char_offsets") for m in metadata]
        ner_spans = self.tag_scheme.decode(predicted_tags, mask) if self.gold_entities else spans
        self._update_metric(output, ner_spans, metadata)
        return output

    def _relations(self, scores: torch.Tensor, pair_mask: torch.BoolTensor) -> List[List[tuple]]:
        """Per sentence, (head entity index, tail entity index, label, probability) of every non-NEG pair."""
        best_probability, best_label = torch.softmax(scores, dim=-1).max(dim=-1)
        found = (pair_mask & (best_label != 0)).nonzero().tolist()
        best_probability, best_label = best_probability.tolist(), best_label.tolist()
        relations: List[List[tuple]] = [[] for _ in range(scores.size(0))]
        for row, head, tail in found:
            label, probability = best_label[row][head][tail], best_probability[row][head][tail]
            relations[row].append((head, tail, self.relation_labels[label], probability))
        return relations

    def _update_metric(self, output: Dict[str, Any], ner_spans, metadata: List[Dict[str, Any]]) -> None:
        """Score the annotated sentences of the batch against their full gold standard (overlaps included)."""
        predicted, gold = [], []
        for row, meta in enumerate(metadata):
            if not meta["annotated"]:
                continue
            entities = output["entities"][row]
            triples = [(entities[h], entities[t], label) for h, t, label, _ in output["relations"][row]]
            ner = self.tag_scheme.entities(ner_spans, row) if self.gold_entities else entities
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
                        "head_text": " ".join(words[entities[head].start : entities[head].end]),
                        "tail_text": " ".join(words[entities[tail].start : entities[tail].end]),
                    }
                    for head, tail, label, score in relations
                ]
            )
        output_dict["entities"], output_dict["relations"] = readable_entities, readable_relations
        return output_dict

    def get_metrics(self, reset: bool = False) -> Dict[str, float]:
        return self.metric.get_metric(reset)

    default_predictor = "joint_ner_re"
