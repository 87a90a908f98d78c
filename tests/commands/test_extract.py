"""`allennlp extract` end to end on the tiny fixture archive: every input form (text file, folder, JSON lines,
standard input, a 10,000-word document, an empty file, a non-UTF-8 file) and every output format; the BRAT and
DocBin outputs read back to exactly the JSON-lines predictions."""
import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import spacy
from allennlp.common import Params
from allennlp.data import DatasetReader
from spacy.tokens import DocBin

import joint_ner_re.spacy_component  # noqa: F401  (registers Doc._.relations for reading DocBin files)
from joint_ner_re.commands.extract import _add_arguments, run
from joint_ner_re.writers import SPACE_TOKENIZER
from tests.archive import archive  # noqa: F401  (a fixture)
from tests.conftest import ROOT

ALLENNLP = str(Path(sys.executable).parent / "allennlp")
NEWS = [
    "Maria Lopez, a spokeswoman for Acme Corp, said on Monday that the company would move its headquarters from "
    "Boston to Denver. Lopez joined Acme in 2015 after a decade at Nordic Bank in Oslo.\n\n"
    "The mayor of Denver, John Smith, welcomed the decision. Smith met Acme's chief executive, Tom Hale, in "
    "Washington last week.\n",
    "Anna Berg, who lives in Bergen, works for the Norwegian Red Cross. She was born in Tromso.\n",
]
JSON_LINES = [
    {"text": "Police said Bob Ray was killed in Paris on Sunday. His brother lives in Lyon.", "id": "j-text"},
    {"tokens": ["Tom", "Hale", "works", "for", "Acme", "Corp", "."], "id": "j-tokens"},
    {"sentences": [["Anna", "Berg", "lives", "in", "Oslo", "."], ["She", "met", "Bob", "Ray", "."]], "id": "j-sents"},
    "{not json",
    {"text": "  \n ", "id": "j-blank"},
    {"text": "Tom Hale, of Acme Corp, visited Boston.", "id": "news1"},  # a name the folder already gave
]
FAILED = ["corpus/empty.txt", "corpus/latin1.txt", "docs.jsonl: line 4", "docs.jsonl: line 5"]
WRITTEN = ["long", "news1", "sub/news2", "j-text", "j-tokens", "j-sents", "news1-2"]


def long_document(words: int = 10_000) -> str:
    """Paragraphs of news-like sentences (one paragraph per line) and one run-on sentence of 120 words (ten times
    the tiny encoder's window of 16 word pieces)."""
    people, places, bodies = ["Maria Lopez", "Tom Hale", "Anna Berg"], ["Oslo", "Boston", "Paris"], ["Acme", "UNICEF"]
    sentences, count, number = [], 0, 0
    while count < words - 120:
        sentence = (f"{people[number % 3]} of {bodies[number % 2]} met officials in {places[number % 3]} on day "
                    f"{number}, according to a statement released in {places[(number + 1) % 3]}.")
        sentences.append(sentence)
        count += len(sentence.split())
        number += 1
    run_on = " ".join(f"{people[i % 3]} and {places[i % 3]}" for i in range(30))  # 120 words, no full stop
    paragraphs = [" ".join(sentences[i:i + 8]) for i in range(0, len(sentences), 8)]
    paragraphs.insert(len(paragraphs) // 2, run_on)
    return "\n\n".join(paragraphs) + "\n"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("inputs")
    corpus = root / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "news1.txt").write_text(NEWS[0], encoding="utf-8")
    (corpus / "sub" / "news2.txt").write_text(NEWS[1], encoding="utf-8")
    (corpus / "long.txt").write_text(long_document(), encoding="utf-8")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "latin1.txt").write_bytes("Jos\u00e9 Garc\u00eda lives in M\u00e1laga.\n".encode("latin-1"))
    (corpus / "notes.md").write_text("not read: another suffix", encoding="utf-8")
    (root / "docs.jsonl").write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in JSON_LINES), encoding="utf-8")
    return root


def cli(*args, stdin=None, returncode=0, standalone=False):
    """``allennlp extract`` from the repository root (its .allennlp_plugins registers the subcommand), or
    ``python -m joint_ner_re.commands.extract`` from elsewhere."""
    command = [sys.executable, "-m", "joint_ner_re.commands.extract"] if standalone else [ALLENNLP, "extract"]
    result = subprocess.run([*command, *map(str, args)], cwd="/" if standalone else ROOT, input=stdin,
                            capture_output=True, text=True, env=os.environ.copy())
    assert result.returncode == returncode, result.stderr[-3000:]
    return result


def extract(*args):
    """The command in this process (for the variants): its exit status."""
    parser = argparse.ArgumentParser()
    _add_arguments(parser)
    try:
        run(parser.parse_args([str(arg) for arg in args]))
    except SystemExit as stop:
        return stop.code
    return 0


@pytest.fixture(scope="module")
def outputs(archive, inputs):
    """One run per format over the same inputs; the JSON-lines records by document id, and each run's stderr."""
    runs = {}
    for output_format, target in (("jsonl", "out.jsonl"), ("brat", "brat"), ("html", "view.html"),
                                  ("spacy", "out.spacy")):
        result = cli(archive, inputs / "corpus", inputs / "docs.jsonl", "-o", inputs / target, "--format",
                     output_format, returncode=1)  # 1: some documents could not be read
        runs[output_format] = result.stderr
    records = [json.loads(line) for line in (inputs / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(WRITTEN)
    return {"records": dict(zip(WRITTEN, records)), "ids": [r["id"] for r in records], "stderr": runs}


def test_every_readable_document_is_written_in_input_order_and_the_others_are_named(outputs, inputs):
    # a text file's id is its document name; a JSON line keeps its own (the second "news1" is news1-2 as a file)
    assert outputs["ids"] == WRITTEN[:-1] + ["news1"]
    for stderr in outputs["stderr"].values():
        summary = stderr[stderr.index("extract: 7 documents"):]
        for failure in FAILED:
            assert f"{inputs}/{failure}" in summary
        assert "empty document" in summary and "expected utf-8 text" in summary and "invalid JSON" in summary
        assert "documents/s" in summary and "sentences/s" in summary
        assert "1 document had a name already taken" in summary
    assert "notes" not in outputs["records"]


def test_the_summary_counts_what_was_written(outputs):
    records = outputs["records"].values()
    stderr = outputs["stderr"]["jsonl"]
    sentences = sum(len(r["sentences"]) for r in records)
    entities = Counter(e["type"] for r in records for e in r["entities"])
    relations = Counter(x["type"] for r in records for x in r["relations"])
    assert (f"extract: 7 documents, {sentences} sentences, {sum(len(r['words']) for r in records)} words, "
            f"{sum(entities.values())} entities, {sum(relations.values())} relations") in stderr
    assert "entities: " + ", ".join(f"{t} {n}" for t, n in sorted(entities.items())) in stderr
    assert sum(relations.values()) > 0  # the read-back tests below compare real relations


def test_text_files_keep_their_text_and_offsets(outputs, inputs):
    for name, path in (("news1", "corpus/news1.txt"), ("sub/news2", "corpus/sub/news2.txt")):
        record = outputs["records"][name]
        text = (inputs / path).read_text(encoding="utf-8")
        assert record["file"] == str(inputs / path) and record["text"] == text
        assert [text[s["char_start"]:s["char_end"]] for s in record["sentences"]][:2] == (
            [NEWS[0].split(". ")[0] + ".", "Lopez joined Acme in 2015 after a decade at Nordic Bank in Oslo."]
            if name == "news1" else ["Anna Berg, who lives in Bergen, works for the Norwegian Red Cross.",
                                     "She was born in Tromso."])
        for entity in record["entities"]:
            assert text[entity["char_start"]:entity["char_end"]] == entity["text"]


def test_a_10000_word_document_loses_no_word(outputs, inputs):
    record = outputs["records"]["long"]
    text = (inputs / "corpus" / "long.txt").read_text(encoding="utf-8")
    words = [token.text for token in spacy.blank("en")(text) if not token.is_space]
    assert len(text.split()) >= 10_000
    assert record["words"] == words and len(record["tags"]) == len(words)
    assert max(s["end"] - s["start"] for s in record["sentences"]) == 120  # the run-on sentence, whole
    assert record["sentences"][-1]["char_end"] == len(text.rstrip())


def test_json_lines_keep_their_keys_and_forms(outputs):
    records = outputs["records"]
    assert records["j-tokens"]["words"] == JSON_LINES[1]["tokens"] and "text" not in records["j-tokens"]
    assert records["j-sents"]["sentences"] == [{"start": 0, "end": 6}, {"start": 6, "end": 11}]
    assert records["j-text"]["text"] == JSON_LINES[0]["text"] and len(records["j-text"]["sentences"]) == 2
    assert records["news1-2"]["text"] == JSON_LINES[5]["text"]


def brat_content(sentences, by_characters):
    """Entities and relations of read-back sentences, by character span (text) or by word position (words)."""
    entities, relations, offset = [], [], 0
    for sentence in sentences:
        def span(entity):
            if by_characters:
                return sentence.char_offsets[entity.start][0], sentence.char_offsets[entity.last][1]
            return offset + entity.start, offset + entity.end
        entities += [(*span(e), e.type) for e in sentence.entities]
        relations += [(span(sentence.entities[r.head]), span(sentence.entities[r.tail]), r.type)
                      for r in sentence.relations]
        offset += len(sentence.words)
    return sorted(entities), sorted(relations)


def record_content(record, by_characters):
    def span(entity):
        return (entity["char_start"], entity["char_end"]) if by_characters else (entity["start"], entity["end"])
    entities = sorted((*span(e), e["type"]) for e in record["entities"])
    relations = sorted((span(record["entities"][r["head"]]), span(record["entities"][r["tail"]]), r["type"])
                       for r in record["relations"])
    return entities, relations


def read_brat(path, by_characters):
    params = {"type": "brat", "sentence_splitter": "sentencizer"} if by_characters else {
        "type": "brat", "tokenizer": dict(SPACE_TOKENIZER)}
    reader = DatasetReader.from_params(Params(params))
    return [instance["metadata"]["sentence"] for instance in reader.read(str(path))], reader.counts


def test_brat_output_reads_back_to_the_json_lines_predictions(outputs, inputs):
    folder = inputs / "brat"
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".conf") == ["annotation.conf", "visual.conf"]
    for name, record in outputs["records"].items():
        by_characters = "char_start" in record["sentences"][0]
        sentences, counts = read_brat(folder / f"{name}.ann", by_characters)
        assert brat_content(sentences, by_characters) == record_content(record, by_characters), name
        assert counts["relations_skipped_across_sentences"] == 0 and counts["notes_skipped"] == len(record["relations"])
        if by_characters:
            assert (folder / f"{name}.txt").read_text(encoding="utf-8") == record["text"]
        else:
            assert [s.words for s in sentences] == [record["words"][s["start"]:s["end"]] for s in record["sentences"]]


def test_brat_configuration_declares_the_models_types(outputs, inputs):
    annotation = (inputs / "brat" / "annotation.conf").read_text()
    visual = (inputs / "brat" / "visual.conf").read_text()
    for record in outputs["records"].values():
        for entity in record["entities"]:
            assert f"\n{entity['type']}\n" in annotation and f"\n{entity['type']}\tbgColor:#" in visual
        for relation in record["relations"]:
            assert f"\n{relation['type']}\tArg1:<ENTITY>, Arg2:<ENTITY>\n" in annotation


def test_docbin_output_reads_back_to_the_json_lines_predictions(outputs, inputs):
    docs = list(DocBin().from_disk(inputs / "out.spacy").get_docs(spacy.blank("en").vocab))
    assert [doc.user_data["id"] for doc in docs] == WRITTEN
    for doc in docs:
        record = outputs["records"][doc.user_data["id"]]
        if "text" in record:
            assert doc.text == record["text"]
            entities = sorted((e.start_char, e.end_char, e.label_) for e in doc.ents)
            relations = sorted(((doc[r["head_start"]:r["head_end"]].start_char, doc[r["head_start"]:r["head_end"]].end_char),
                                (doc[r["tail_start"]:r["tail_end"]].start_char, doc[r["tail_start"]:r["tail_end"]].end_char),
                                r["label"]) for r in doc._.relations)
            words = [[t for t in sentence if not t.is_space] for sentence in doc.sents]
            sentences = [(w[0].idx, w[-1].idx + len(w[-1])) for w in words if w]
            by_characters = True
            assert sentences == [(s["char_start"], s["char_end"]) for s in record["sentences"]]
        else:
            assert [t.text for t in doc] == record["words"]
            entities = sorted((e.start, e.end, e.label_) for e in doc.ents)
            relations = sorted(((r["head_start"], r["head_end"]), (r["tail_start"], r["tail_end"]), r["label"])
                               for r in doc._.relations)
            by_characters = False
        assert (entities, relations) == record_content(record, by_characters)
        assert sorted(r["score"] for r in doc._.relations) == sorted(r["score"] for r in record["relations"])


def test_html_output_is_one_page_with_every_document_and_entity(outputs, inputs):
    page = (inputs / "view.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org", "")  # self-contained
    records = outputs["records"]
    assert page.count('<section class="document">') == len(records)
    assert page.count('<mark class="entity"') == sum(len(r["entities"]) for r in records.values())
    for name in records:
        assert f"<h2>{name}</h2>" in page


def test_standard_input_as_text_and_as_json_lines(archive):
    result = cli(archive, "-", "-o", "-", stdin=NEWS[1])
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["id"] == "stdin" and record["text"] == NEWS[1] and len(record["sentences"]) == 2
    lines = "\n".join(json.dumps(line) for line in JSON_LINES[:3] + [{"text": "Tom lives in Oslo."}]) + "\n"
    result = cli(archive, "-", "-o", "-", "--quiet", stdin=lines, standalone=True)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r.get("id") for r in records] == ["j-text", "j-tokens", "j-sents", None]
    assert records[3]["words"] == ["Tom", "lives", "in", "Oslo", "."]


def test_an_existing_output_is_kept_without_force(archive, inputs, tmp_path, capsys):
    target = tmp_path / "out.jsonl"
    target.write_text("keep me\n")
    code = extract(archive, inputs / "corpus" / "news1.txt", "-o", target)
    assert "exists; give --force" in str(code) and target.read_text() == "keep me\n"
    assert extract(archive, inputs / "corpus" / "news1.txt", "-o", target, "--force", "--quiet") == 0
    assert json.loads(target.read_text())["id"] == "news1"
    (tmp_path / "brat").mkdir()
    (tmp_path / "brat" / "mine.txt").write_text("x")
    assert "exists; give --force" in str(extract(archive, inputs / "corpus", "-o", tmp_path / "brat", "--format", "brat"))
    assert "ending in .html" in str(extract(archive, inputs / "corpus", "-o", tmp_path / "v", "--format", "html"))
    assert "no such file" in str(extract(archive, tmp_path / "absent.txt", "-o", tmp_path / "o.jsonl"))


def test_another_encoding_on_request(archive, inputs, tmp_path):
    target = tmp_path / "out.jsonl"
    assert extract(archive, inputs / "corpus" / "latin1.txt", "-o", target, "--encoding", "latin-1", "--quiet") == 0
    assert json.loads(target.read_text(encoding="utf-8"))["text"] == "Jos\u00e9 Garc\u00eda lives in M\u00e1laga.\n"


def test_hard_line_breaks_and_the_brat_reader_agree_on_wrapped_text(archive, tmp_path):
    wrapped = ("Maria Lopez, a spokeswoman for Acme Corp in Boston,\nsaid on Monday that Tom Hale will\n"
               "lead the office in Denver. Anna Berg of Oslo\nwelcomed it.\n")
    (tmp_path / "wrapped.txt").write_text(wrapped, encoding="utf-8")
    assert extract(archive, tmp_path / "wrapped.txt", "-o", tmp_path / "out.jsonl", "--line-breaks", "hard",
                   "--quiet") == 0
    assert extract(archive, tmp_path / "wrapped.txt", "-o", tmp_path / "brat", "--format", "brat",
                   "--line-breaks", "hard", "--quiet") == 0
    record = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert len(record["sentences"]) == 5  # every line ends a sentence, and so does the full stop
    sentences, _ = read_brat(tmp_path / "brat" / "wrapped.ann", by_characters=True)
    assert [(s.char_offsets[0][0], s.char_offsets[-1][1]) for s in sentences] == [
        (s["char_start"], s["char_end"]) for s in record["sentences"]]
    assert brat_content(sentences, True) == record_content(record, True)


def test_html_per_document_and_docbin_shards(archive, inputs, tmp_path):
    assert extract(archive, inputs / "corpus", "-o", tmp_path / "pages", "--format", "html", "--per-document",
                   "--quiet") == 1
    assert sorted(p.relative_to(tmp_path / "pages").as_posix() for p in (tmp_path / "pages").rglob("*.html")) == [
        "index.html", "long.html", "news1.html", "sub/news2.html"]
    assert 'href="sub/news2.html"' in (tmp_path / "pages" / "index.html").read_text(encoding="utf-8")
    assert extract(archive, inputs / "corpus" / "news1.txt", "-o", tmp_path / "bins", "--format", "spacy",
                   "--quiet") == 0
    assert [p.name for p in (tmp_path / "bins").iterdir()] == ["part-00000.spacy"]
