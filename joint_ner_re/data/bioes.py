"""BIOES encoding of entity spans, and the one decoding rule used everywhere (model, predictor, tests).

Decoding rule for any tag sequence, valid or not: every non-O word belongs to exactly one entity. A word
*continues* the entity of the word before it when it is tagged I-X or E-X and the word before is tagged B-X or
I-X of the same type X; any other non-O word starts a new entity. An entity ends at a word whose successor does
not continue it. Valid BIOES sequences decode to exactly the spans they encode; in invalid ones a dangling
``B-X I-X`` run is closed where it stops, a stray ``I-X``/``E-X`` opens an entity, and a type change splits.
"""
from typing import Collection, Dict, Iterable, List, NamedTuple, Sequence, Tuple

import numpy
import torch

from joint_ner_re.data.sentence import Entity

OUTSIDE = "O"
PREFIXES = ("O", "B", "I", "E", "S")
OVERLAP_POLICIES = ("keep_longest", "keep_first", "relation_arguments_first")
DEFAULT_OVERLAP_POLICY = "keep_longest"
_O, _B, _I, _E, _S = range(5)


def encode(
    length: int,
    entities: Sequence[Entity],
    overlap_policy: str = DEFAULT_OVERLAP_POLICY,
    relation_arguments: Collection[int] = (),
) -> Tuple[List[str], List[int]]:
    """Tag ``length`` words with BIOES labels for ``entities``.

    BIOES cannot hold overlapping spans. ``overlap_policy`` decides which of the overlapping entities is encoded:
    ``keep_longest`` (outer span of a nesting wins; ties go to the earlier entity), ``keep_first`` (order of the
    input) or ``relation_arguments_first`` (the entities indexed in ``relation_arguments`` before the others, so that
    a relation keeps its training target where an argument is nested in, or holds, a keyphrase that is in no
    relation; the longest first within each group). Returns the tags and the indices of the entities that could not
    be encoded.
    """
    longest_first = sorted(range(len(entities)), key=lambda i: (-(entities[i].end - entities[i].start), i))
    if overlap_policy == "keep_longest":
        order = longest_first
    elif overlap_policy == "keep_first":
        order = list(range(len(entities)))
    elif overlap_policy == "relation_arguments_first":
        order = sorted(longest_first, key=lambda i: i not in relation_arguments)
    else:
        raise ValueError(f"overlap_policy: expected one of {OVERLAP_POLICIES}, got {overlap_policy!r}")
    tags = [OUTSIDE] * length
    kept: List[Entity] = []
    dropped: List[int] = []
    for index in order:
        entity = entities[index]
        if any(entity.overlaps(other) for other in kept):
            dropped.append(index)
            continue
        kept.append(entity)
        if entity.end - entity.start == 1:
            tags[entity.start] = f"S-{entity.type}"
        else:
            tags[entity.start] = f"B-{entity.type}"
            for position in range(entity.start + 1, entity.end - 1):
                tags[position] = f"I-{entity.type}"
            tags[entity.end - 1] = f"E-{entity.type}"
    return tags, sorted(dropped)


def split_tag(tag: str) -> Tuple[str, str]:
    """``"B-Peop"`` -> ``("B", "Peop")``; ``"O"`` -> ``("O", "")``. Raises ValueError for anything else."""
    if tag == OUTSIDE:
        return OUTSIDE, ""
    prefix, sep, entity_type = tag.partition("-")
    if not sep or prefix not in PREFIXES[1:] or not entity_type:
        raise ValueError(f"{tag!r} is not a BIOES tag (expected 'O' or one of B-, I-, E-, S- followed by a type)")
    return prefix, entity_type


class DecodedSpans(NamedTuple):
    """Per word: whether an entity ends there, where that entity starts, and its type id (-1 where none)."""

    is_end: torch.BoolTensor
    start: torch.LongTensor
    type_id: torch.LongTensor


class TagScheme(torch.nn.Module):
    """Maps the tag vocabulary to prefix and type ids, so spans are decoded with tensor operations.

    A module so that its lookup tables are buffers: they move with the model to its device once, instead of being
    copied there on every forward pass. They are not saved in the model's state (the vocabulary defines them)."""

    def __init__(self, tags: Iterable[str]) -> None:
        super().__init__()
        self.tags = list(tags)
        parsed = [split_tag(tag) for tag in self.tags]
        self.entity_types = sorted({entity_type for _, entity_type in parsed if entity_type})
        type_index: Dict[str, int] = {t: i for i, t in enumerate(self.entity_types)}
        prefix = torch.tensor([PREFIXES.index(prefix) for prefix, _ in parsed], dtype=torch.long)
        self.register_buffer("_prefix", prefix, persistent=False)
        self.register_buffer("_type", torch.tensor([type_index.get(t, -1) for _, t in parsed]), persistent=False)
        allowed, may_start, may_end = self.transitions()
        blocked = torch.tensor(float("-inf"))
        for name, valid in (("_transition", allowed), ("_start_score", may_start), ("_end_score", may_end)):
            self.register_buffer(name, torch.where(valid, torch.zeros_like(blocked), blocked), persistent=False)

    def decode(self, tag_ids: torch.Tensor, mask: torch.Tensor) -> DecodedSpans:
        """Decode a (batch, words) tensor of tag ids with the rule in the module docstring."""
        prefix = self._prefix[tag_ids]
        type_id = self._type[tag_ids]
        mask = mask.bool()
        inside = (prefix != _O) & mask
        previous_prefix = torch.nn.functional.pad(prefix[:, :-1], (1, 0), value=_O)
        previous_type = torch.nn.functional.pad(type_id[:, :-1], (1, 0), value=-1)
        continues = (
            inside
            & ((prefix == _I) | (prefix == _E))
            & ((previous_prefix == _B) | (previous_prefix == _I))
            & (type_id == previous_type)
        )
        is_start = inside & ~continues
        next_continues = torch.nn.functional.pad(continues[:, 1:], (0, 1), value=False)
        is_end = inside & ~next_continues
        positions = torch.arange(tag_ids.size(1), device=tag_ids.device).expand_as(tag_ids)
        start = torch.where(is_start, positions, torch.full_like(positions, -1)).cummax(dim=1).values
        return DecodedSpans(is_end, start, torch.where(inside, type_id, torch.full_like(type_id, -1)))

    def ending_at_end_tags(self, spans: DecodedSpans, tag_ids: torch.Tensor) -> DecodedSpans:
        """``spans`` less the entities whose last word is not tagged ``E-``/``S-`` (a dangling ``B-X``, a run
        that stops on ``I-X``): the words the paper takes as relation candidates."""
        prefix = self._prefix[tag_ids]
        return spans._replace(is_end=spans.is_end & ((prefix == _E) | (prefix == _S)))

    def transitions(self) -> Tuple[torch.BoolTensor, torch.BoolTensor, torch.BoolTensor]:
        """Valid BIOES moves: (from, to) pairs, and the tags a sentence may start and end with."""
        prefix, type_id = self._prefix, self._type
        opens = (prefix == _O) | (prefix == _B) | (prefix == _S)  # may follow O, E-, S- and the sentence start
        closes = (prefix == _O) | (prefix == _E) | (prefix == _S)  # may precede O, B-, S- and the sentence end
        inside = (prefix == _B) | (prefix == _I)
        continues = (prefix == _I) | (prefix == _E)
        same_type = type_id.unsqueeze(1) == type_id.unsqueeze(0)
        allowed = (closes.unsqueeze(1) & opens.unsqueeze(0)) | (inside.unsqueeze(1) & continues.unsqueeze(0) & same_type)
        return allowed, opens, closes

    def viterbi(self, log_probabilities: torch.Tensor, mask: torch.Tensor) -> torch.LongTensor:
        """The most probable *valid* BIOES sequence per sentence (batched Viterbi over per-word log-probabilities).

        An alternative to the paper's per-word argmax (the ``constrained`` tag decoder): the tagger is
        trained the same way, only the decoding respects BIOES."""
        transition, real = self._transition, mask.bool()
        score = log_probabilities[:, 0] + self._start_score
        backpointers = []
        for position in range(1, log_probabilities.size(1)):
            best, previous = (score.unsqueeze(2) + transition).max(dim=1)
            score = torch.where(real[:, position, None], best + log_probabilities[:, position], score)
            backpointers.append(previous)
        # the backtrack on the host, one step for all rows at a time: a few microseconds a step in NumPy against a
        # gather and its dispatch in torch; padding keeps the last real tag
        tag = (score + self._end_score).argmax(dim=1).cpu().numpy()
        path = numpy.empty(tuple(real.shape), dtype=numpy.int64)
        path[:, -1] = tag
        if backpointers:
            pointers, keep = torch.stack(backpointers, dim=1).cpu().numpy(), real.cpu().numpy()
            rows = numpy.arange(len(tag))
            for position in range(real.size(1) - 1, 0, -1):
                tag = numpy.where(keep[:, position], pointers[rows, position - 1, tag], tag)
                path[:, position - 1] = tag
        return torch.from_numpy(path).to(log_probabilities.device)

    def entities(self, spans: DecodedSpans) -> List[List[Entity]]:
        """The entities of every batch row, in order of their last word (one copy to the host for the batch)."""
        rows, ends = spans.is_end.nonzero(as_tuple=True)
        found: List[List[Entity]] = [[] for _ in range(spans.is_end.size(0))]
        for row, end, start, type_id in zip(
            rows.tolist(), ends.tolist(), spans.start[rows, ends].tolist(), spans.type_id[rows, ends].tolist()
        ):
            found[row].append(Entity(start, end + 1, self.entity_types[type_id]))
        return found


def decode(tags: Sequence[str]) -> List[Entity]:
    """Decode one sentence's tag strings (see the module docstring for the rule on invalid sequences)."""
    if not tags:
        return []
    vocabulary = sorted(set(tags))
    scheme = TagScheme(vocabulary)
    ids = torch.tensor([[vocabulary.index(tag) for tag in tags]])
    return scheme.entities(scheme.decode(ids, torch.ones_like(ids, dtype=torch.bool)))[0]
