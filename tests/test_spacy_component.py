"""The spaCy component: found through the entry point, fills doc.ents and doc._.relations on nlp(text) and
nlp.pipe(texts, batch_size=...), with the pipeline's own sentence boundaries where it has them."""
import json
import os
import subprocess
import sys

import pytest
import spacy
from allennlp.models.archival import load_archive
from allennlp.predictors import Predictor
from spacy.tokens import Doc, DocBin

import joint_ner_re.spacy_component  # noqa: F401  (the extension; the factory comes from the entry point)
from tests.archive import archive  # noqa: F401  (a fixture)

TEXTS = [
    "Maria Lopez, a spokeswoman for Acme Corp, said the company would move from Boston to Denver.\n\n"
    "Tom Hale met Anna Berg in Oslo last week. She works for Nordic Bank.",
    "",
    "John Smith killed Bob Ray in Paris.",
    "Anna Berg lives in Bergen. " * 40,
]


@pytest.fixture(scope="module")
def nlp(archive):
    nlp = spacy.blank("en")
    nlp.add_pipe("joint_ner_re", config={"archive": str(archive), "batch_size": 4})
    return nlp


def content(doc):
    """Entities and relations of a doc, by character spans."""
    entities = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    relations = [
        (doc[r["head_start"]:r["head_end"]].start_char, doc[r["tail_start"]:r["tail_end"]].start_char, r["label"])
        for r in doc._.relations
    ]
    return entities, relations


def record_content(record):
    entities = [(e["char_start"], e["char_end"], e["type"]) for e in record["entities"]]
    relations = [(record["entities"][r["head"]]["char_start"], record["entities"][r["tail"]]["char_start"], r["type"])
                 for r in record["relations"]]
    return entities, relations


def test_the_factory_is_found_through_the_entry_point_alone(archive):
    """A fresh interpreter that never imports joint_ner_re: spaCy loads the component from its entry point, and
    building a pipeline does not import the plugin until the component is added."""
    script = (
        "import spacy, sys\n"
        "assert 'joint_ner_re' not in sys.modules\n"
        "nlp = spacy.blank('en')\n"
        "assert 'joint_ner_re' not in sys.modules and 'allennlp' not in sys.modules  # a light entry point\n"
        f"nlp.add_pipe('joint_ner_re', config={{'archive': {str(archive)!r}}})\n"
        "doc = nlp('Tom Hale lives in Oslo.')\n"
        "print(len(doc.ents), type(doc._.relations).__name__)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd="/",
                            env=os.environ.copy())
    assert result.returncode == 0, result.stderr[-3000:]
    entities, kind = result.stdout.split()
    assert int(entities) >= 0 and kind == "list"


def test_nlp_and_nlp_pipe_give_the_predictors_document_predictions(nlp, archive):
    predictor = Predictor.from_archive(load_archive(str(archive)), "joint_ner_re")
    piped = list(nlp.pipe(TEXTS, batch_size=2))
    assert [doc.text for doc in piped] == TEXTS
    records = [predictor.predict_json({"text": text}) if text else None for text in TEXTS]
    assert any(record["relations"] for record in records if record)  # compare real relations
    for doc, record in zip(piped, records):
        if record is None:
            assert doc.ents == () and doc._.relations == []
            continue
        assert content(doc) == record_content(record)
        assert [round(r["score"], 4) for r in doc._.relations] == [round(r["score"], 4) for r in record["relations"]]
    single = nlp(TEXTS[0])
    assert content(single) == content(piped[0])


def test_relations_point_at_entities_of_the_doc(nlp):
    for doc in nlp.pipe(TEXTS):
        spans = {(e.start, e.end) for e in doc.ents}
        for relation in doc._.relations:
            assert (relation["head_start"], relation["head_end"]) in spans
            assert (relation["tail_start"], relation["tail_end"]) in spans
            assert set(relation) == {"head_start", "head_end", "tail_start", "tail_end", "label", "score"}


def test_the_pipelines_own_sentence_boundaries_are_used(nlp):
    """Words of a doc whose boundaries were set by hand: relations stay inside those sentences."""
    words = ["Tom", "Hale", "met", "Anna", "Berg", "in", "Oslo", "and", "John", "Smith", "in", "Paris"]
    doc = Doc(nlp.vocab, words=words, sent_starts=[True] + [False] * 6 + [True] + [False] * 4)
    nlp.get_pipe("joint_ner_re")(doc)
    sentence_of = {token.i: number for number, sentence in enumerate(doc.sents) for token in sentence}
    assert len(list(doc.sents)) == 2
    for relation in doc._.relations:
        assert sentence_of[relation["head_start"]] == sentence_of[relation["tail_start"]]
    whole = nlp.get_pipe("joint_ner_re")(Doc(nlp.vocab, words=words, sent_starts=[True] + [False] * 11))
    # as one sentence, the same words get relations across the boundary: the boundary above is what kept them apart
    assert [r for r in whole._.relations if sentence_of[r["head_start"]] != sentence_of[r["tail_start"]]]


def test_existing_entities_are_kept_when_asked(archive):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "CITY", "pattern": "Oslo"}])
    nlp.add_pipe("joint_ner_re", config={"archive": str(archive), "overwrite_ents": False})
    doc = nlp("Tom Hale lives in Oslo.")
    assert [(e.text, e.label_) for e in doc.ents if e.text == "Oslo"] == [("Oslo", "CITY")]
    replaced = spacy.blank("en")
    replaced.add_pipe("entity_ruler").add_patterns([{"label": "CITY", "pattern": "Oslo"}])
    replaced.add_pipe("joint_ner_re", config={"archive": str(archive)})
    assert "CITY" not in {e.label_ for e in replaced("Tom Hale lives in Oslo.").ents}


def test_docs_keep_their_relations_through_a_docbin(nlp, tmp_path):
    docs = list(nlp.pipe(TEXTS))
    DocBin(docs=docs, store_user_data=True).to_disk(tmp_path / "docs.spacy")
    again = list(DocBin().from_disk(tmp_path / "docs.spacy").get_docs(spacy.blank("en").vocab))
    assert [content(doc) for doc in again] == [content(doc) for doc in docs]


def test_the_component_config_is_saved_with_the_pipeline(nlp, tmp_path, archive):
    nlp.to_disk(tmp_path / "pipeline")
    config = json.loads(json.dumps(spacy.util.load_config(tmp_path / "pipeline" / "config.cfg")["components"]))
    assert config["joint_ner_re"]["archive"] == str(archive)
    loaded = spacy.load(tmp_path / "pipeline")
    assert content(loaded(TEXTS[2])) == content(nlp(TEXTS[2]))
