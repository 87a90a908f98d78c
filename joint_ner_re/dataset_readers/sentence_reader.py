"""The shared half of every reader: ``Sentence`` records in, AllenNLP ``Instance``s out, with honest counts."""
import logging
import os
import random
import re
from collections import Counter
from typing import Any, Dict, Iterable, List, Optional, Tuple

from allennlp.data import DatasetReader, Instance, Token
from allennlp.data.fields import MetadataField, TextField
from allennlp.data.token_indexers import PretrainedTransformerMismatchedIndexer, SingleIdTokenIndexer, TokenIndexer

from joint_ner_re.data import bioes
from joint_ner_re.data.folds import assign_folds
from joint_ner_re.data.sentence import Sentence
from joint_ner_re.dataset_readers import counts as names
from joint_ner_re.dataset_readers.target_fields import EntityTagsField, RelationLabelsField
from joint_ner_re.common.options import expect, expect_choice

logger = logging.getLogger(__name__)

TAG_NAMESPACE = "entity_tags"
RELATION_NAMESPACE = "relation_labels"
PART_MARK = "#"
_PART = re.compile(r"(holdout|rest)|(not-fold|fold)=([0-9]+)/([0-9]+)")
_ENCODING_COUNTS = {
    names.SENTENCES, names.ENTITIES, names.RELATIONS, names.ENTITIES_NOT_ENCODED, names.RELATIONS_WITHOUT_TARGET
}
# A word holding none of these characters (a letter, a digit, visible ASCII) may have no word piece at all: it is
# made only of characters that tokenizers drop (format and control characters, separators, combining marks).
_SURELY_SPELLED = re.compile(r"[\w!-~]")


class SentenceReader(DatasetReader):
    """Base class: subclasses parse their format into ``Sentence`` records in ``_read_sentences``.

    Gold entities that BIOES cannot hold (overlapping or nested spans) are resolved by ``overlap_policy`` for the
    *training target* only; every gold entity and relation stays in the instance's metadata, so evaluation scores
    against the full gold standard. What the policy changed is counted and logged once per file.

    Words go through ``token_indexers`` (the ``pretrained_transformer_mismatched`` indexer in the configs; give it
    ``max_length`` so that inputs longer than the encoder's window are split into segments, never truncated).

    A data path may name a part of ``PATH``, always whole documents (``Sentence.document``; the sentence where a
    format records none), deterministically:

    - ``PATH#fold=I/K``: fold ``I`` (0-based) of a ``K``-fold partition of the documents, balanced by sentences
      and drawn with ``fold_seed`` (:func:`joint_ner_re.data.folds.assign_folds`); ``PATH#not-fold=I/K``: the
      other folds. Cross-validation over one corpus file (``allennlp cross-validate --folds K``).
    - ``PATH#holdout``: ``holdout_fraction`` of the documents, drawn with ``holdout_seed``; ``PATH#rest``: the
      others. The validation split the paper carves out of each training fold.

    Parts chain from left to right: ``PATH#not-fold=3/10#holdout`` is the validation split of fold 3's training
    part. A list of data paths (e.g. the training and validation files, the paper's protocol for CoNLL04) reads
    each in turn as one data set; readers that take folders or id lists join a list themselves, reading a document
    named twice once.

    Subclasses count what they skip, merge, repair or leave out in ``self.counts`` (a Counter reset at the start of
    each read) under a name of the one vocabulary in ``counts.py``, e.g.
    ``self.counts[names.RELATIONS_SKIPPED_ACROSS_SENTENCES] += 1``; every non-zero count is logged once at the end
    of the read. Options are checked at construction (``options.py``).
    """

    def __init__(
        self,
        token_indexers: Optional[Dict[str, TokenIndexer]] = None,
        overlap_policy: str = bioes.DEFAULT_OVERLAP_POLICY,
        holdout_fraction: float = 0.1,
        holdout_seed: int = 13,
        fold_seed: int = 13,
        **kwargs,
    ) -> None:
        kwargs.setdefault("manual_distributed_sharding", True)
        kwargs.setdefault("manual_multiprocess_sharding", True)
        super().__init__(**kwargs)
        expect_choice("overlap_policy", overlap_policy, bioes.OVERLAP_POLICIES)
        expect("holdout_fraction", 0.0 < holdout_fraction < 1.0, "a fraction in (0, 1)", holdout_fraction)
        self._token_indexers = token_indexers or {"tokens": SingleIdTokenIndexer()}
        self._overlap_policy = overlap_policy
        self._holdout_fraction = holdout_fraction
        self._holdout_seed = holdout_seed
        self._fold_seed = fold_seed
        self.counts: Counter = Counter()
        self._spelled: Dict[str, bool] = {}  # word -> whether the encoder's tokenizer gives it a word piece

    reads_path_lists = False  # True where _read_sentences takes a list of data paths itself

    def _read_sentences(self, file_path: str) -> Iterable[Sentence]:
        raise NotImplementedError

    def _read(self, file_path: str) -> Iterable[Instance]:
        """Every sentence of the data path as an instance. Its metadata records ``position``, the sentence's place
        in the whole data path, so that instances that several data-loader workers deliver in any order can be put
        back in reading order (``joint_ner_re.training.reproducibility``). A data path that holds no sentence is an
        error (an empty or truncated file, or options that leave everything out), and so is an empty holdout part."""
        self.counts = Counter()
        sentences = _counted(self._selected_sentences(file_path))
        for position, sentence in self.shard_iterable(enumerate(sentences)):
            instance = self.text_to_instance(sentence)
            instance["metadata"].metadata["position"] = position  # type: ignore[attr-defined]
            yield instance
        if not sentences.seen:
            other = {k: v for k, v in sorted(self.counts.items()) if v}
            raise ValueError(
                f"{file_path}: expected at least one sentence, read none"
                + (f" (counts: {other})" if other else " (the data path holds no sentence)")
            )
        self._report(file_path)

    def _selected_sentences(self, file_path: Any) -> Iterable[Sentence]:
        """The sentences of a data path: a list read path by path (unless the reader joins lists itself), then
        each ``#part`` applied in turn."""
        if isinstance(file_path, (list, tuple)) and not self.reads_path_lists:
            for path in file_path:
                yield from self._selected_sentences(path)
            return
        path, parts = _parts(file_path)
        sentences: Iterable[Sentence] = self._read_sentences(path)
        for part in parts:
            sentences = self._part(list(sentences), part, file_path)
        yield from sentences

    def _part(self, sentences: List[Sentence], part: Tuple[str, int, int], file_path: Any) -> List[Sentence]:
        """One ``#part`` (see the class docstring) of ``sentences``, whole documents; the rest is counted."""
        name, index, folds = part
        unit_of = [s.document if s.document is not None else i for i, s in enumerate(sentences)]
        if name in ("holdout", "rest"):
            units = list(dict.fromkeys(unit_of))
            drawn = random.Random(self._holdout_seed).sample(units, round(self._holdout_fraction * len(units)))
            chosen = set(drawn) if name == "holdout" else set(units) - set(drawn)
        else:
            sizes = Counter(unit_of)
            if not 0 <= index < folds or not 2 <= folds <= len(sizes):
                raise ValueError(
                    f"{file_path}: expected #{name}=I/K with 0 <= I < K, 2 <= K <= the number of documents "
                    f"({len(sizes)}), got {name}={index}/{folds}"
                )
            fold_of = assign_folds(sizes, folds, self._fold_seed)
            chosen = {unit for unit, fold in fold_of.items() if (fold == index) == (name == "fold")}
        keep = [s for s, unit in zip(sentences, unit_of) if unit in chosen]
        self.counts[names.SENTENCES_LEFT_OUT_OF_PART[name]] += len(sentences) - len(keep)
        return keep

    def _report(self, file_path: str) -> None:
        c = self.counts
        message = (
            f"{file_path}: {c[names.SENTENCES]} sentences, {c[names.ENTITIES]} entities, "
            f"{c[names.RELATIONS]} relations"
        )
        if c[names.ENTITIES_NOT_ENCODED] or c[names.RELATIONS_WITHOUT_TARGET]:
            message += (
                f"; {c[names.ENTITIES_NOT_ENCODED]} entities overlap another and are not in the BIOES training "
                f"target (policy {self._overlap_policy}), {c[names.RELATIONS_WITHOUT_TARGET]} relations have no "
                "training target because of that, because another relation joins the same last words or because "
                "head and tail are the same entity; "
                "all of them are kept in the evaluation gold"
            )
        other = {k: v for k, v in sorted(c.items()) if k not in _ENCODING_COUNTS and v}
        if other:
            message += "; " + ", ".join(f"{name}: {value}" for name, value in other.items())
        logger.info(message)

    def text_to_instance(self, sentence: Sentence, annotated: bool = True) -> Instance:  # type: ignore[override]
        """Build an instance; ``annotated=False`` for raw input (prediction), which carries no gold fields.

        A word that the encoder's tokenizer turns into no word piece at all is given to the encoder as the
        tokenizer's unknown token (counted); the sentence record keeps the word as it is."""
        sentence.validate()
        tokens = TextField([Token(self._encoder_text(word)) for word in sentence.words])
        fields = {"tokens": tokens, "metadata": MetadataField({"sentence": sentence, "annotated": annotated})}
        if annotated:
            arguments = {index for relation in sentence.relations for index in (relation.head, relation.tail)}
            tags, dropped = bioes.encode(len(sentence.words), sentence.entities, self._overlap_policy, arguments)
            fields["tags"] = EntityTagsField(tags, tokens, label_namespace=TAG_NAMESPACE)
            encoded = set(range(len(sentence.entities))) - set(dropped)
            targets: Dict[tuple, str] = {}
            for relation in sentence.relations:
                pair = (sentence.entities[relation.head].last, sentence.entities[relation.tail].last)
                # a relation of an entity with itself is never a candidate pair (the model pairs distinct entities)
                trainable = relation.head in encoded and relation.tail in encoded and relation.head != relation.tail
                if trainable and pair not in targets:
                    targets[pair] = relation.type
                else:
                    self.counts[names.RELATIONS_WITHOUT_TARGET] += 1
            fields["relations"] = RelationLabelsField(
                list(targets), tokens, list(targets.values()), label_namespace=RELATION_NAMESPACE, padding_value=-1
            )
            self.counts.update({
                names.SENTENCES: 1,
                names.ENTITIES: len(sentence.entities),
                names.RELATIONS: len(sentence.relations),
                names.ENTITIES_NOT_ENCODED: len(dropped),
            })
        return Instance(fields)

    def apply_token_indexers(self, instance: Instance) -> None:
        instance["tokens"].token_indexers = self._token_indexers  # type: ignore[attr-defined]

    def _encoder_text(self, word: str) -> str:
        """The word, or the unknown token of an encoder tokenizer that gives it no word piece (counted)."""
        if _SURELY_SPELLED.search(word):
            return word
        if word not in self._spelled:
            self._spelled[word] = all(_has_pieces(tokenizer, word) for tokenizer in self._encoder_tokenizers())
        if self._spelled[word]:
            return word
        unknown = next((t.unk_token for t in self._encoder_tokenizers() if t.unk_token is not None), None)
        if unknown is None:  # no unknown token to stand for it: the encoder gives it a vector of zeros
            return word
        self.counts[names.WORDS_WITHOUT_WORD_PIECES_READ_AS_UNKNOWN] += 1
        return unknown

    def _encoder_tokenizers(self) -> List[Any]:
        """The Hugging Face tokenizers of the word-piece indexers (none for other indexers)."""
        return [
            indexer._allennlp_tokenizer.tokenizer  # type: ignore[attr-defined]
            for indexer in self._token_indexers.values()
            if isinstance(indexer, PretrainedTransformerMismatchedIndexer)
        ]


def _has_pieces(tokenizer: Any, word: str) -> bool:
    return bool(tokenizer.encode_plus(word, add_special_tokens=False, return_attention_mask=False)["input_ids"])


class _counted:
    """An iterable that records whether it yielded anything (``seen``)."""

    def __init__(self, items: Iterable[Any]) -> None:
        self._items = items
        self.seen = False

    def __iter__(self):
        for item in self._items:
            self.seen = True
            yield item


def _parts(file_path: Any) -> Tuple[Any, List[Tuple[str, int, int]]]:
    """``("x.json", [("not-fold", 3, 10), ("holdout", 0, 0)])`` for ``"x.json#not-fold=3/10#holdout"``. Only
    these forms are parts: any other ``#...`` stays in the path (and is a missing file, never the whole file)."""
    if not isinstance(file_path, (str, os.PathLike)):
        return file_path, []
    path, parts = str(file_path), []
    while True:
        head, mark, tail = path.rpartition(PART_MARK)
        match = _PART.fullmatch(tail) if mark else None
        if match is None:
            return (path if parts else file_path), parts
        parts.insert(0, (match[1], 0, 0) if match[1] else (match[2], int(match[3]), int(match[4])))
        path = head
