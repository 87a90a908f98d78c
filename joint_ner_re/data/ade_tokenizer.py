"""A rule-based English tokenizer that reproduces the tokenisation of the SpERT ADE files; no model download.

The SpERT ADE JSON (``ade_full.json`` and its folds) was tokenised with an older spaCy. Current spaCy's English
rules differ from it in a few places, so words, and hence entity spans, would not line up with the published
folds. This tokenizer is spaCy's blank English tokenizer with four changes, each measured on ``DRUG-AE.rel``
against ``ade_full.json``: same words for 4269 of the 4272 sentences (plain ``blank:en``: 3805).

1. A hyphen (and ``: < > = /``) is split off only between two letters: ``44-year`` and ``5-FU`` stay whole, as
   in spaCy's language-independent rules, where current English rules also split after a digit.
2. A ``)`` directly before a hyphen is split off with the hyphen: ``(HIV)-infected`` -> ``( HIV ) - infected``.
3. The sentence-final period is always its own word (``... 39 degrees C.`` -> ``C .``): every sentence of the
   corpus ends with sentence punctuation, never with an abbreviation.
4. Whitespace is never a word.
"""
from typing import List

import spacy
from allennlp.data.tokenizers import Token, Tokenizer
from spacy.lang.char_classes import ALPHA, HYPHENS
from spacy.util import compile_infix_regex

_REPLACED_INFIXES = {
    r"(?<=[{a}0-9])(?:{h})(?=[{a}])".format(a=ALPHA, h=HYPHENS): r"(?<=[{a}])(?:{h})(?=[{a}])".format(
        a=ALPHA, h=HYPHENS
    ),
    r"(?<=[{a}0-9])[:<>=/](?=[{a}])".format(a=ALPHA): r"(?<=[{a}])[:<>=/](?=[{a}])".format(a=ALPHA),
}
_CLOSING_BRACKET_BEFORE_HYPHEN = [r"\)(?=-)", r"(?<=\))-"]


@Tokenizer.register("spacy_ade")
class AdeTokenizer(Tokenizer):
    """Tokens carry ``idx``/``idx_end``, character offsets into the input text."""

    def __init__(self) -> None:
        self._spacy = spacy.blank("en")
        infixes = list(self._spacy.Defaults.infixes)
        missing = set(_REPLACED_INFIXES) - set(infixes)
        if missing:  # a spaCy release changed its rules: say so instead of tokenising differently
            raise RuntimeError(f"spaCy {spacy.__version__} lacks the English infix rules {sorted(missing)}")
        infixes = [_REPLACED_INFIXES.get(rule, rule) for rule in infixes] + _CLOSING_BRACKET_BEFORE_HYPHEN
        self._spacy.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer

    def tokenize(self, text: str) -> List[Token]:
        tokens = [
            Token(token.text, idx=token.idx, idx_end=token.idx + len(token.text))
            for token in self._spacy.tokenizer(text)
            if not token.is_space
        ]
        if tokens and len(tokens[-1].text) > 1 and tokens[-1].text.endswith(".") and tokens[-1].text[-2] != ".":
            last = tokens.pop()
            tokens.append(Token(last.text[:-1], idx=last.idx, idx_end=last.idx_end - 1))
            tokens.append(Token(".", idx=last.idx_end - 1, idx_end=last.idx_end))
        return tokens
