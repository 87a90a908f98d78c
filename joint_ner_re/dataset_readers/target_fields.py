"""Training-target fields whose labels may be unknown to a trained model's vocabulary.

A model knows the entity and relation types of the data its vocabulary was built from. Evaluating it on a corpus
with another type must not stop with a bare ``KeyError`` from the vocabulary: the gold items of that type stay in
the instance's metadata, which the metric scores against, so they count as misses (no prediction can have a type
the model does not know). Only the *loss targets* lose them: an unknown entity tag is indexed as ``O`` and an
unknown relation label as no relation. Each unknown type is logged once per process.
"""
import logging
from typing import Set, Tuple

from allennlp.data import Vocabulary
from allennlp.data.fields import AdjacencyField, SequenceLabelField

from joint_ner_re.data import bioes

logger = logging.getLogger(__name__)

_REPORTED: Set[Tuple[str, str]] = set()


def _report(kind: str, label: str) -> None:
    if (kind, label) in _REPORTED:
        return
    _REPORTED.add((kind, label))
    if kind == "tag":
        logger.warning(
            "entity tag %r is not in the model's vocabulary (its type is, but the model never saw an entity of that "
            "type with this BIOES tag, e.g. a single-word one): such gold entities are scored as misses and left out "
            "of the loss targets (said once)", label,
        )
    else:
        logger.warning(
            "%s type %r is not in the model's vocabulary (the model never saw it in training): its gold %s are "
            "scored as misses and left out of the loss targets (said once)", kind, label,
            "entities" if kind == "entity" else "relations",
        )


class EntityTagsField(SequenceLabelField):
    """BIOES tags; a tag of an entity type the vocabulary lacks is indexed as ``O``."""

    def index(self, vocab: Vocabulary) -> None:
        known = vocab.get_token_to_index_vocabulary(self._label_namespace)
        if bioes.OUTSIDE not in known:
            raise ValueError(
                f"the vocabulary's {self._label_namespace!r} namespace has no {bioes.OUTSIDE!r} tag (expected the "
                "vocabulary of a model trained on this reader's instances)"
            )
        indexed = []
        for label in self.labels:
            if label not in known:
                entity_type = bioes.split_tag(label)[1]
                known_type = any(tag.endswith(f"-{entity_type}") for tag in known)
                _report("tag", label) if known_type else _report("entity", entity_type)
                label = bioes.OUTSIDE
            indexed.append(known[label])
        self._indexed_labels = indexed


class RelationLabelsField(AdjacencyField):
    """Relation labels between last words; a label the vocabulary lacks is indexed as no relation (padding)."""

    def index(self, vocab: Vocabulary) -> None:
        known = vocab.get_token_to_index_vocabulary(self._label_namespace)
        indexed = []
        for label in self.labels or []:
            if label not in known:
                _report("relation", label)
            indexed.append(known.get(label, self._padding_value))
        self._indexed_labels = indexed
