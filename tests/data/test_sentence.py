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


def test_document_is_read_from_any_reader_key():
    assert Sentence(["a"], extra={"pmid": 7}).document == "7"
    assert Sentence(["a"], extra={"record": "r1", "line": 3}).document == "r1"
    assert Sentence(["a"]).document is None
