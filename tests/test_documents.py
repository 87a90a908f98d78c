"""Documents: text cut into sentences of words with offsets (no model needed), and the output record."""
import pytest
import spacy
from spacy.tokens import Doc

from joint_ner_re.documents import (
    SentenceSplitter, document_from_doc, document_from_json, document_output, output_text, text_layout,
)

TEXT = ("Mark Johnson works for Acme Corp in New\nYork. He lives in Brooklyn.\n\n"
        "A heading without a full stop\n\nAnna  Berg, of Oslo, said so.  ")


def words(document):
    return [sentence.words for sentence in document.sentences]


def test_soft_line_breaks_keep_a_wrapped_sentence_whole_and_a_blank_line_ends_one():
    document = SentenceSplitter().document(TEXT, "d")
    assert words(document) == [
        ["Mark", "Johnson", "works", "for", "Acme", "Corp", "in", "New", "York", "."],
        ["He", "lives", "in", "Brooklyn", "."],
        ["A", "heading", "without", "a", "full", "stop"],
        ["Anna", "Berg", ",", "of", "Oslo", ",", "said", "so", "."],
    ]
    for sentence in document.sentences:  # every word is its own characters of the text
        assert [TEXT[s:e] for s, e in sentence.char_offsets] == sentence.words
        assert sentence.document == "d"


def test_hard_line_breaks_end_a_sentence_at_every_line():
    document = SentenceSplitter(line_breaks="hard").document(TEXT, "d")
    assert words(document)[:2] == [["Mark", "Johnson", "works", "for", "Acme", "Corp", "in", "New"], ["York", "."]]
    assert len(document.sentences) == 5


def test_word_tokens_map_words_to_the_docs_tokens_whitespace_tokens_left_out():
    document = SentenceSplitter().document(TEXT, "d")
    flat = [word for sentence in document.sentences for word in sentence.words]
    assert [document.doc[i].text for i in document.word_tokens] == flat
    assert any(token.is_space for token in document.doc)  # the "\n\n" and the double space are tokens there


def test_a_text_without_words_has_no_sentence():
    assert SentenceSplitter().document(" \n\t\n\u3000", "d").sentences == []


def test_a_doc_with_its_own_sentence_boundaries_keeps_them():
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=["a", "b", "c", "d"], sent_starts=[True, False, True, False])
    assert words(document_from_doc(doc, "d", "soft")) == [["a", "b"], ["c", "d"]]
    unannotated = nlp("One here. Two here")
    assert words(document_from_doc(unannotated, "d", "soft")) == [["One", "here", "."], ["Two", "here"]]
    assert not unannotated.has_annotation("SENT_START")  # computed on a copy


def test_an_installed_pipeline_by_path_sets_the_boundaries(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer", config={"punct_chars": [";"]})
    nlp.to_disk(tmp_path / "semicolons")
    document = SentenceSplitter(str(tmp_path / "semicolons")).document("One. Two; three.", "d")
    assert words(document) == [["One", ".", "Two", ";"], ["three", "."]]
    with pytest.raises(ValueError, match="installed spaCy pipeline"):
        SentenceSplitter("no_such_pipeline_xx")


def test_json_inputs_and_what_they_must_hold():
    splitter = SentenceSplitter()
    tokens = document_from_json({"tokens": ["a", "b"], "id": 7}, "n", splitter)
    assert words(tokens) == [["a", "b"]] and tokens.fields == {"id": 7} and tokens.text is None
    sentences = document_from_json({"sentences": [["a"], ["b", "c"]]}, "n", splitter)
    assert words(sentences) == [["a"], ["b", "c"]]
    text = document_from_json({"text": "Hi there.", "lang": "en"}, "n", splitter)
    assert text.fields == {"text": "Hi there.", "lang": "en"}
    for empty in ({"tokens": []}, {"sentences": []}, {"sentences": [[], []]}, {"text": ""}):
        assert document_from_json(empty, "n", splitter).sentences == []  # an empty record, not an error
    assert words(document_from_json({"sentences": [[], ["a", "b"]]}, "n", splitter)) == [["a", "b"]]
    for bad, message in [({"txt": "x"}, '"text" \\(a string\\)'), ({"tokens": ["a", ""]}, "non-empty"),
                         ({"sentences": [["a"], "b"]}, '"sentences" \\(a list of lists'), ({"tokens": [1]}, "word strings")]:
        with pytest.raises(ValueError, match=message):
            document_from_json(bad, "n", splitter)


def test_the_output_record_joins_sentence_predictions_into_one_document():
    text = "Ann Lee lives in Oslo. Bo works for Acme."
    document = SentenceSplitter().document(text, "d", {"id": "d", "text": text})
    predictions = [
        {"tags": ["B-Peop", "E-Peop", "O", "O", "S-Loc", "O"],
         "entities": [{"start": 0, "end": 2, "type": "Peop"}, {"start": 4, "end": 5, "type": "Loc"}],
         "relations": [{"head": 0, "tail": 1, "type": "Live_In", "score": 0.9}]},
        {"tags": ["S-Peop", "O", "O", "S-Org", "O"],
         "entities": [{"start": 0, "end": 1, "type": "Peop"}, {"start": 3, "end": 4, "type": "Org"}],
         "relations": [{"head": 0, "tail": 1, "type": "Work_For", "score": 0.8}]},
    ]
    output = document_output(document, predictions)
    assert output["id"] == "d" and output["text"] == text and len(output["words"]) == len(output["tags"]) == 11
    assert output["sentences"] == [{"start": 0, "end": 6, "char_start": 0, "char_end": 22},
                                   {"start": 6, "end": 11, "char_start": 23, "char_end": 41}]
    assert [(e["start"], e["end"], e["sentence"], e["text"]) for e in output["entities"]] == [
        (0, 2, 0, "Ann Lee"), (4, 5, 0, "Oslo"), (6, 7, 1, "Bo"), (9, 10, 1, "Acme")]
    for entity in output["entities"]:
        assert text[entity["char_start"]:entity["char_end"]] == entity["text"]
    assert [(r["head"], r["tail"], r["head_text"], r["tail_text"]) for r in output["relations"]] == [
        (0, 1, "Ann Lee", "Oslo"), (2, 3, "Bo", "Acme")]
    assert output_text(output) == (text, [(0, 22), (23, 41)], [(0, 7), (17, 21), (23, 25), (36, 40)])


def test_words_without_text_are_laid_out_one_sentence_per_line():
    assert text_layout([["a", "bc"], ["d"]]) == ("a bc\nd\n", [[(0, 1), (2, 4)], [(5, 6)]])
    output = {"words": ["a", "bc", "d"], "sentences": [{"start": 0, "end": 2}, {"start": 2, "end": 3}],
              "entities": [{"start": 1, "end": 3, "type": "X"}], "relations": []}
    assert output_text(output) == ("a bc\nd\n", [(0, 4), (5, 6)], [(2, 6)])
