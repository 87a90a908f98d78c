import pytest

from joint_ner_re.data.sentence import Entity, Relation, Sentence


def test_valid_sentence_passes():
    sentence = Sentence(["a", "b"], [Entity(0, 1, "X"), Entity(1, 2, "Y")], [Relation(0, 1, "R")])
    sentence.validate()
    assert sentence.relation_spans() == [(Entity(0, 1, "X"), Entity(1, 2, "Y"), "R")]


@pytest.mark.parametrize(
    "sentence, message",
    [
        (Sentence(["a"], [Entity(0, 2, "X")], source="f.json: line 3"), "f.json: line 3: entity .* does not fit"),
        (Sentence(["a"], [Entity(1, 1, "X")]), "does not fit"),
        (Sentence(["a"], [Entity(0, 1, "X")], [Relation(0, 1, "R")]), "has tail 1"),
        (Sentence([]), "non-empty list"),
        (Sentence(["a", ""]), "non-empty list"),
    ],
)
def test_invalid_sentences_name_the_problem(sentence, message):
    with pytest.raises(ValueError, match=message):
        sentence.validate()


def test_whitespace_tokenizer_keeps_offsets():
    from joint_ner_re.data.whitespace_tokenizer import WhitespaceWithOffsetsTokenizer

    tokens = WhitespaceWithOffsetsTokenizer().tokenize(" U.S. don't\t(x) ")
    assert [(t.text, t.idx, t.idx_end) for t in tokens] == [("U.S.", 1, 5), ("don't", 6, 11), ("(x)", 12, 15)]
    tokens = WhitespaceWithOffsetsTokenizer(separator=" ").tokenize("3\u00a01/2  cups\tof")
    assert [(t.text, t.idx, t.idx_end) for t in tokens] == [("3\u00a01/2", 0, 5), ("cups\tof", 7, 14)]


def test_document_and_char_offsets_are_typed_fields_none_by_default():
    sentence = Sentence(["a", "b"], document="doc-1", char_offsets=[(0, 1), (2, 3)])
    sentence.validate()
    assert (sentence.document, sentence.char_offsets, sentence.extra) == ("doc-1", [(0, 1), (2, 3)], {})
    assert Sentence(["a"]).document is None and Sentence(["a"]).char_offsets is None


def test_char_offsets_must_give_one_span_per_word():
    with pytest.raises(ValueError, match=r"f\.txt: line 2: expected one character span per word \(2\), got 1"):
        Sentence(["a", "b"], char_offsets=[(0, 1)], source="f.txt: line 2").validate()
