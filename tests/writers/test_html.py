"""The HTML view: the page as written, and the page as a real browser (headless Chromium) shows it."""
import os
import shutil
import struct
import subprocess
import sys

import pytest
from allennlp.models.archival import load_archive
from allennlp.predictors import Predictor

from joint_ner_re.documents import Document, model_labels
from joint_ner_re.writers import browser
from joint_ner_re.writers.html import HtmlWriter, document_html
from tests.archive import archive  # noqa: F401  (a fixture)

NEWS = [
    "Maria Lopez, a spokeswoman for Acme Corp, said on Monday that the company would move its headquarters from "
    "Boston to Denver. Lopez joined Acme in 2015 after a decade at Nordic Bank in Oslo.\n\n"
    "The mayor of Denver, John Smith, welcomed the decision.",
    "Anna Berg, who lives in Bergen, works for the Norwegian Red Cross. She was born in Tromso.",
]


def record(text, entities, relations):
    """An output record for hand-made predictions over ``text``'s whitespace-separated words, one sentence."""
    words, offsets, position = [], [], 0
    for word in text.split():
        position = text.index(word, position)
        words.append(word)
        offsets.append((position, position + len(word)))
        position += len(word)
    return {
        "text": text, "words": words, "tags": ["O"] * len(words),
        "sentences": [{"start": 0, "end": len(words), "char_start": 0, "char_end": len(text)}],
        "entities": [{"start": s, "end": e, "type": t, "text": text[offsets[s][0]:offsets[e - 1][1]], "sentence": 0,
                      "char_start": offsets[s][0], "char_end": offsets[e - 1][1]} for s, e, t in entities],
        "relations": [{"head": h, "tail": t, "type": k, "score": p, "head_text": "", "tail_text": ""}
                      for h, t, k, p in relations],
    }


def test_text_is_escaped_and_both_directions_of_a_pair_share_an_arc():
    output = record("<b>Ann</b> met Bo & Cy", [(0, 1, "Peop"), (2, 3, "Peop"), (4, 5, "Peop")],
                    [(0, 1, "Knows", 0.9), (1, 0, "Knows", 0.8), (1, 2, "Likes", 0.7)])
    section = document_html(output, "<script>x</script>", ["Peop"])
    assert "<script>" not in section and "&lt;script&gt;" in section and "&lt;b&gt;Ann&lt;/b&gt;" in section
    assert section.count('class="displacy-arrow"') == 2
    assert "→ Knows 0.90 | ← Knows 0.80" in section and ">Likes 0.70<" in section


def test_sentences_without_relations_get_no_diagram():
    output = record("Ann met Bo", [(0, 1, "Peop"), (2, 3, "Peop")], [])
    section = document_html(output, "d", ["Peop"])
    assert "displacy-arrow" not in section and section.count('<mark class="entity"') == 2
    assert "1 sentence · 2 entities · 0 relations" in section


@pytest.fixture(scope="module")
def chromium():
    """Playwright and Chromium, installed here if they can be (pip; apt-get as root), else the test skips."""
    if browser.missing() and "playwright" in browser.missing():
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "playwright"], capture_output=True)
    if browser.missing() and "Chromium" in browser.missing() and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], capture_output=True, env=env).returncode:
            subprocess.run(["apt-get", "update", "-q"], capture_output=True, env=env)
            subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], capture_output=True, env=env)
    problem = browser.missing()
    if problem:
        pytest.skip(f"the HTML view cannot be opened in a browser here: {problem}")


@pytest.fixture(scope="module")
def page(archive, tmp_path_factory):
    """A page of the tiny archive's predictions on news paragraphs, written as allennlp extract writes it."""
    predictor = Predictor.from_archive(load_archive(str(archive)), "joint_ner_re")
    documents = [predictor.splitter.document(text, f"news {n}", {"text": text}) for n, text in enumerate(NEWS, 1)]
    outputs = [output for _, output in predictor.predict_documents(documents)]
    path = tmp_path_factory.mktemp("html") / "view.html"
    writer = HtmlWriter(str(path), *model_labels(predictor._model.vocab), title="News")
    for document, output in zip(documents, outputs):
        writer.write(document, output)
    writer.close()
    return path, outputs


def png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_page_in_a_real_browser(chromium, page, tmp_path):
    path, outputs = page
    shot = tmp_path / "view.png"
    report = browser.open_page(str(path), str(shot))
    assert report.errors == [] and report.failed_requests == []
    entities = [e for output in outputs for e in output["entities"]]
    relations = [(output, r) for output in outputs for r in output["relations"]]
    assert entities and relations  # so that the checks below check something
    # every entity is highlighted, with its text and its type, as rendered text
    assert len(report.entity_marks) == len(entities)
    for mark, entity in zip(report.entity_marks, entities):
        assert mark.split() == entity["text"].split() + [entity["type"]]
    # every relation is on an arc, with its type and score
    arc_text = " | ".join(report.arc_labels)
    for _, relation in relations:
        assert f"{relation['type']} {relation['score']:.2f}" in arc_text
    pairs = {(id(output), frozenset((r["head"], r["tail"]))) for output, r in relations}
    assert len(report.arc_labels) == len(pairs)
    in_diagrams = {(id(o), i) for o, r in relations for i in (r["head"], r["tail"])}
    assert len(report.node_tags) >= len(in_diagrams)
    width, height = png_size(shot)
    assert width >= 1000 and height >= 400 and shot.stat().st_size > 20_000
