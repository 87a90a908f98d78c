"""Nothing falls over at the large end: a 1,000-word sentence (many encoder segments) with hundreds of entities goes
through the model, training forward and backward and prediction, with the components that read word ranges (span
max pooling, between-entity context) and the constrained (Viterbi) decoder, on the tiny encoder. The sweep itself
(benchmarks/scaling.py) runs on a few small points."""
import json

import pytest
import torch

import scaling
from tests.conftest import CONFIG, FIXTURES

WIDE = {
    "entity_representation": {"type": "span", "pooling": "max", "endpoints": "first_last"},
    "pair_context": {"type": "between", "pooling": "max"},
    "tag_decoder": {"type": "constrained"},
}


@pytest.fixture(scope="module")
def records():
    return json.loads((FIXTURES / "conll04_like.json").read_text())


@pytest.fixture(scope="module")
def models():
    """The test config's model as it is (the paper's components) and with every component that reads word ranges."""
    torch.manual_seed(1)
    return {"paper": scaling.model_from_config(str(CONFIG), {}), "wide": scaling.model_from_config(str(CONFIG), WIDE)}


def test_joined_sentence_keeps_the_gold_that_fits(records):
    sentence = scaling.joined_sentence(records, 1000)
    sentence.validate()
    assert len(sentence.words) == 1000 and sentence.entities and sentence.relations
    assert all(entity.end <= 1000 for entity in sentence.entities)


def test_many_entities_are_spread_evenly(records):
    sentence = scaling.many_entities(records, 1000, 250, ["Loc", "Peop"], ["Live_In"])
    sentence.validate()
    assert len(sentence.entities) == 250 and len(sentence.relations) == 125
    assert {entity.end - entity.start for entity in sentence.entities} == {1}
    with pytest.raises(ValueError):
        scaling.many_entities(records, 10, 11, ["Loc"], ["Live_In"])


@pytest.mark.parametrize(
    "variant, entities",
    # the untrained tiny tagger finds entities nearly everywhere: ~800 in 1,000 words, ~640,000 candidate pairs
    [("paper", None), ("paper", 400), ("wide", 150)],
    ids=["paper_predicted_entities", "paper_400_gold_entities", "wide_150_gold_entities"],
)
def test_a_thousand_words_with_many_entities_go_through(models, records, variant, entities):
    model, reader = models[variant]
    if entities:
        sentence = scaling.many_entities(records, 1000, entities, scaling.one_word_types(model),
                                         model.relation_labels[1:])
    else:
        sentence = scaling.joined_sentence(records, 1000)
    point = scaling.measure_point(model, reader, sentence, repeats=1, gold_entities=bool(entities), warm_up=False)
    assert point["words"] == 1000
    assert point["word_pieces"] > 3 * 16  # many segments of the test config's max_length (16)
    assert point["predict"]["entities"] == (entities or point["predict"]["entities"]) > 100
    assert point["train"]["seconds"] > 0 and point["predict"]["seconds"] > 0


def test_the_sweep_writes_json_and_plots(conll04_data, tmp_path):
    output, images = tmp_path / "scaling.json", tmp_path / "images"
    scaling.main(["--config", str(CONFIG), "--lengths", "10", "40", "--entities", "0", "8", "--entity-length", "40",
                  "--variants", "archive", "--repeats", "1", "--output", str(output), "--images", str(images)])
    result = json.loads(output.read_text())
    points = result["variants"]["archive"]["length"]["points"]
    assert [p["words"] for p in points] == [10, 40]
    entities = result["variants"]["archive"]["entities"]["points"]
    assert [p["predict"]["entities"] for p in entities] == [0, 8]
    assert sorted(p.name for p in images.iterdir()) == ["scaling_entities.png", "scaling_length.png"]
