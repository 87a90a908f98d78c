"""Properties that hold for every input hypothesis generates: the BIOES codec and constrained decoding, the metric,
and reader -> writer -> reader round trips through every writer that has a reader (SpERT JSON, brat standoff).

Generation is derandomized (the same examples on every run, no example database), so a CI failure reproduces."""
import random
import tempfile
from pathlib import Path
from typing import List, Tuple

import torch
from allennlp.common import Params
from allennlp.data import DatasetReader
from hypothesis import given, settings
from hypothesis import strategies as st

from joint_ner_re.data import bioes
from joint_ner_re.data.sentence import Entity, Relation, Sentence
from joint_ner_re.metrics import JointNerReF1
from joint_ner_re.writers import SPACE_TOKENIZER, write_brat, write_spert_json
from tests.conftest import sentences

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=60)
TYPES = st.sampled_from(["Peop", "Loc", "Org"])
TAGS = ["O"] + [f"{prefix}-{kind}" for kind in ("Peop", "Loc") for prefix in "BIES"]


@st.composite
def tiled_entities(draw, min_words: int = 1, max_words: int = 12) -> Tuple[int, List[Entity]]:
    """A sentence length and non-overlapping entities over it (the spans a valid BIOES sequence can hold)."""
    length = draw(st.integers(min_words, max_words))
    entities, position = [], 0
    while position < length:
        width = draw(st.integers(1, length - position))
        if draw(st.booleans()):
            entities.append(Entity(position, position + width, draw(TYPES)))
        position += width
    return length, entities


@SETTINGS
@given(tiled_entities())
def test_valid_sequences_round_trip(case):
    length, entities = case
    tags, dropped = bioes.encode(length, entities)
    assert dropped == []
    assert bioes.decode(tags) == sorted(entities, key=lambda e: e.end)
    assert bioes.encode(length, bioes.decode(tags))[0] == tags


@SETTINGS
@given(st.lists(st.sampled_from(TAGS), min_size=1, max_size=15))
def test_any_sequence_decodes_to_non_overlapping_spans_under_the_rule(tags):
    entities = bioes.decode(tags)
    covered = [index for entity in entities for index in range(entity.start, entity.end)]
    assert covered == sorted(set(covered))  # no word in two entities, entities in word order
    assert set(covered) == {index for index, tag in enumerate(tags) if tag != "O"}  # every non-O word, no O word
    for entity in entities:
        assert all(bioes.split_tag(tags[i])[1] == entity.type for i in range(entity.start, entity.end))
        for i in range(entity.start + 1, entity.end):  # inside an entity every word continues the one before
            assert bioes.split_tag(tags[i])[0] in "IE" and bioes.split_tag(tags[i - 1])[0] in "BI"
        first = bioes.split_tag(tags[entity.start])[0]
        previous = bioes.split_tag(tags[entity.start - 1]) if entity.start else ("O", "")
        continues = first in "IE" and previous[0] in "BI" and previous[1] == entity.type
        assert not continues  # an entity starts where the word does not continue the one before


@SETTINGS
@given(st.integers(1, 4), st.integers(1, 10), st.integers(0, 2**31 - 1))
def test_constrained_decoding_always_yields_a_valid_sequence(batch, words, seed):
    generator = torch.Generator().manual_seed(seed)
    scheme = bioes.TagScheme(TAGS)
    log_probabilities = torch.randn(batch, words, len(TAGS), generator=generator).log_softmax(-1)
    lengths = torch.randint(1, words + 1, (batch,), generator=generator)
    mask = torch.arange(words).unsqueeze(0) < lengths.unsqueeze(1)
    decoded = scheme.viterbi(log_probabilities, mask)
    for row, length in enumerate(lengths.tolist()):
        tags = [TAGS[i] for i in decoded[row, :length].tolist()]
        assert bioes.encode(length, bioes.decode(tags))[0] == tags


# ---- the metric

@st.composite
def annotated(draw) -> Tuple[List[Entity], List[Tuple[Entity, Entity, str]]]:
    """One sentence's entities (any spans, overlaps included) and relations between them."""
    entities = draw(st.lists(st.builds(lambda s, w, t: Entity(s, s + w, t), st.integers(0, 8), st.integers(1, 3),
                                       TYPES), max_size=5, unique=True))
    relations = []
    if len(entities) >= 2:
        pairs = st.tuples(st.sampled_from(entities), st.sampled_from(entities), st.sampled_from(["Live_In", "Meet"]))
        relations = draw(st.lists(pairs.filter(lambda r: r[0] != r[1]), max_size=4, unique=True))
    return entities, relations


def scores(predicted, gold, symmetric=()):
    metric = JointNerReF1(symmetric)
    metric(predicted, gold)
    return metric.get_metric(reset=True)


CORPUS = st.lists(st.tuples(annotated(), annotated()), min_size=1, max_size=4)


@SETTINGS
@given(CORPUS, st.integers(0, 2**31 - 1))
def test_the_metric_does_not_depend_on_the_order_of_sentences_entities_or_relations(corpus, seed):
    shuffle = random.Random(seed).sample
    predicted, gold = [pair[0] for pair in corpus], [pair[1] for pair in corpus]

    def shuffled(sentence):
        entities, relations = sentence
        return shuffle(entities, len(entities)), shuffle(relations, len(relations))

    order = shuffle(range(len(corpus)), len(corpus))
    assert scores([shuffled(predicted[i]) for i in order], [shuffled(gold[i]) for i in order]) == scores(predicted,
                                                                                                          gold)


@SETTINGS
@given(st.lists(annotated(), min_size=1, max_size=4))
def test_a_perfect_prediction_scores_one(gold):
    result = scores(gold, gold)
    if any(entities for entities, _ in gold):
        assert result["ner_f1"] == result["ner_macro_f1"] == 1.0
    if any(relations for _, relations in gold):
        for mode in ("rel_strict", "rel_boundaries", "rel_paper"):
            assert result[f"{mode}_f1"] == result[f"{mode}_precision"] == result[f"{mode}_recall"] == 1.0


@SETTINGS
@given(CORPUS)
def test_symmetric_types_are_scored_without_direction(corpus):
    predicted, gold = [pair[0] for pair in corpus], [pair[1] for pair in corpus]
    flipped = [(entities, [(t, h, label) if label == "Meet" else (h, t, label) for h, t, label in relations])
               for entities, relations in predicted]
    assert scores(flipped, gold, ["Meet"]) == scores(predicted, gold, ["Meet"])


# ---- reader -> writer -> reader

WORD = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=6).filter(
    lambda word: not any(character.isspace() for character in word))


@st.composite
def records(draw) -> List[Sentence]:
    result = []
    for _ in range(draw(st.integers(1, 3))):
        words = draw(st.lists(WORD, min_size=1, max_size=8))
        spans = st.builds(lambda s, w, t: Entity(s, min(s + w, len(words)), t), st.integers(0, len(words) - 1),
                          st.integers(1, 3), TYPES)
        entities = draw(st.lists(spans, max_size=4, unique=True))
        relations = []
        if entities:
            index = st.integers(0, len(entities) - 1)
            relations = draw(st.lists(st.builds(Relation, index, index, st.sampled_from(["Live_In", "Meet"])),
                                      max_size=3, unique=True))
        result.append(Sentence(words, entities, relations))
    return result


SPERT = DatasetReader.from_params(Params({"type": "spert_json"}))
BRAT = DatasetReader.from_params(Params({"type": "brat", "tokenizer": dict(SPACE_TOKENIZER)}))


def content(read: List[Sentence]):
    return [(s.words, s.entities, s.relations) for s in read]


@settings(derandomize=True, database=None, deadline=None, max_examples=30)
@given(records())
def test_records_survive_every_writer_and_its_reader(written):
    with tempfile.TemporaryDirectory() as folder:
        write_spert_json(written, Path(folder) / "out.json")
        assert content(sentences(SPERT.read(Path(folder) / "out.json"))) == content(written)
        write_brat(written, Path(folder) / "brat")
        assert content(sentences(BRAT.read(Path(folder) / "brat"))) == content(written)
