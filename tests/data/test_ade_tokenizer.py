import pytest

from joint_ner_re.data import ade_tokenizer
from joint_ner_re.data.ade_tokenizer import AdeTokenizer


@pytest.mark.parametrize(
    "text, words",
    [
        # hyphens split between letters only; digits keep theirs (spaCy's English rules would give 44 - year)
        ("A 44-year-old man on 5-FU had capecitabine-induced rash.",
         "A 44-year - old man on 5-FU had capecitabine - induced rash ."),
        # a closing bracket before a hyphen is split off with it
        ("Tacrolimus (FK506)-induced mutism and 1,3-bis(2-chloroethyl)-1-nitrosourea.",
         "Tacrolimus ( FK506 ) - induced mutism and 1,3-bis(2-chloroethyl ) - 1-nitrosourea ."),
        # '/' between a digit and a letter stays; the sentence-final period is its own word, whitespace never a word
        ("A dose of 4000 IU/L and 600/mm  at 39 degrees C.", "A dose of 4000 IU / L and 600/mm at 39 degrees C ."),
        ("Patient's rash, e.g. urticaria...", "Patient 's rash , e.g. urticaria ..."),
    ],
)
def test_words(text, words):
    assert [token.text for token in AdeTokenizer().tokenize(text)] == words.split()


def test_tokens_carry_character_offsets():
    text = "Severe rash after velmorin, 39 degrees C."
    for token in AdeTokenizer().tokenize(text):
        assert text[token.idx:token.idx_end] == token.text


def test_a_spacy_release_without_the_replaced_rules_is_an_error(monkeypatch):
    monkeypatch.setattr(ade_tokenizer, "_REPLACED_INFIXES", {"no such rule": "x"})
    with pytest.raises(RuntimeError, match="lacks the English infix rules"):
        AdeTokenizer()
