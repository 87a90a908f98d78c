"""Bad input for a trained model (``allennlp evaluate``: the archive's reader, data loader and metric): types the
model never saw, very long documents and tokens, words without word pieces, scripts the encoder does not know."""
import json
import logging

import pytest
from allennlp.data.data_loaders import MultiProcessDataLoader
from allennlp.models.archival import load_archive
from allennlp.training.util import evaluate

from joint_ner_re.dataset_readers import target_fields
from tests.archive import tiny_archive

# (kind of defect, outcome) of each case below, for the table in docs/reliability.md
OUTCOMES = [("unseen entity type at evaluation", "handled"), ("unseen relation type at evaluation", "handled"),
            ("unseen entity type at evaluation", "handled"),
            ("10,000-word document", "handled"), ("5,000-character token", "handled"),
            ("zero-width characters and soft hyphens", "handled"), ("whitespace tokens", "handled"),
            ("non-Latin scripts", "handled")]
WORDS = ["Ann", "lives", "in", "Rome", "."]
ENTITIES = [{"type": "Peop", "start": 0, "end": 1}, {"type": "Loc", "start": 3, "end": 4}]


def doc(tokens=WORDS, entities=ENTITIES, relations=({"type": "Live_In", "head": 0, "tail": 1},)) -> dict:
    return {"tokens": list(tokens), "entities": list(entities), "relations": list(relations)}


@pytest.fixture(scope="module")
def archive():
    return load_archive(str(tiny_archive()))


def evaluated(archive, documents, folder):
    path = folder / "data.json"
    path.write_text("".join(json.dumps(document, ensure_ascii=False) + "\n" for document in documents))
    loader = MultiProcessDataLoader(archive.validation_dataset_reader, str(path), batch_size=4)
    loader.index_with(archive.model.vocab)
    archive.model.get_metrics(reset=True)
    return evaluate(archive.model, loader), archive.validation_dataset_reader.counts


def test_an_entity_type_the_model_never_saw_is_scored_as_missed_and_said_once(archive, tmp_path, caplog):
    target_fields._REPORTED.clear()
    drug = [{"type": "Drug", "start": 1, "end": 2}]
    with caplog.at_level(logging.WARNING, logger=target_fields.__name__):
        metrics, _ = evaluated(archive, [doc(entities=ENTITIES + drug), doc(entities=ENTITIES + drug), doc()], tmp_path)
    assert metrics["ner_recall_Drug"] == 0.0 and metrics["ner_precision_Drug"] == 0.0
    assert archive.model.metric.counts("ner", "Drug") == (0, 0, 0)  # evaluate reset the metric after reading it
    said = [record.getMessage() for record in caplog.records if "'Drug'" in record.getMessage()]
    assert len(said) == 1 and "scored as misses" in said[0]


def test_a_relation_type_the_model_never_saw_is_scored_as_missed_and_said_once(archive, tmp_path, caplog):
    target_fields._REPORTED.clear()
    treats = {"type": "Treats", "head": 1, "tail": 0}
    with caplog.at_level(logging.WARNING, logger=target_fields.__name__):
        metrics, _ = evaluated(archive, [doc(relations=[treats]), doc(relations=[treats])], tmp_path)
    assert metrics["rel_strict_recall_Treats"] == 0.0
    said = [record.getMessage() for record in caplog.records if "'Treats'" in record.getMessage()]
    assert len(said) == 1 and "relation type" in said[0]


@pytest.mark.parametrize(
    "documents, counts",
    [
        ([doc(tokens=["word"] * 9_996 + WORDS[:4] + ["."])], {}),  # a 10,000-word document
        ([doc(tokens=["Ann", "x" * 5000, "in", "Rome", "."])], {}),  # one 5,000-character token
        ([doc(tokens=["Ann", "\u200b", "\xad", "Rome", "\x00"])], {"words_without_word_pieces_read_as_unknown": 3}),
        ([doc(tokens=["Ann", " ", "in", "Rome", "\u3000"])], {"words_without_word_pieces_read_as_unknown": 2}),
        ([doc(tokens=["アン", "は", "ローマ", "に", "住む"]), doc(tokens=["آن", "تعيش", "في", "روما", "😀"])], {}),
    ],
    ids=["10,000-word document", "5,000-character token", "zero-width characters and soft hyphens",
         "whitespace tokens", "non-Latin scripts"],
)
def test_long_or_strange_input_is_evaluated_in_full(archive, tmp_path, documents, counts):
    # The relation scorer takes every pair of a sentence's entities, so its memory grows with their square: this
    # barely trained model tags thousands of the 10,000 words as entities. The relation module therefore reads the
    # gold entities here; every one of the 10,000 words still goes through the encoder and the tagger.
    archive.model.gold_entities = True
    try:
        metrics, read = evaluated(archive, documents, tmp_path)
    finally:
        archive.model.gold_entities = False
    assert {name: read[name] for name in counts} == counts
    gold = sum(len(document["entities"]) for document in documents)
    tp, fp, fn = archive.model.metric.counts("ner")
    assert (tp, fp, fn) == (0, 0, 0)  # reset by evaluate; what it counted is in the metrics:
    assert metrics["ner_recall"] * gold == pytest.approx(round(metrics["ner_recall"] * gold))
    assert 0.0 <= metrics["ner_f1"] <= 1.0 and metrics["loss"] == metrics["loss"]  # a number, not NaN


def test_a_known_type_with_a_tag_the_model_never_saw_is_scored_as_missed_and_said_once(archive, tmp_path, caplog):
    target_fields._REPORTED.clear()
    tags = archive.model.vocab.get_token_to_index_vocabulary("entity_tags")
    assert "S-Peop" not in tags and "B-Peop" in tags  # the fixture's people all have two words
    with caplog.at_level(logging.WARNING, logger=target_fields.__name__):
        metrics, _ = evaluated(archive, [doc(), doc()], tmp_path)  # "Ann": a one-word Peop (S-Peop)
    said = [record.getMessage() for record in caplog.records if "'S-Peop'" in record.getMessage()]
    assert len(said) == 1 and "entity tag 'S-Peop'" in said[0]
    # scored against the full gold: the model may still find "Ann" (a lone B-Peop decodes to a one-word entity)
    assert 0.0 <= metrics["ner_recall_Peop"] <= 1.0
