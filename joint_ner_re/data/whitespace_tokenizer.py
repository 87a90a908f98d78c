"""Whitespace tokenisation that keeps character offsets (AllenNLP's ``whitespace`` tokenizer drops them).

Used to read back text written one word per space (the BRAT writer). AllenNLP's ``spacy`` tokenizer with
``split_on_spaces`` would do the same, but it swaps the tokenizer of spaCy's *cached, shared* pipeline, which then
silently changes every other spaCy tokenizer of the process."""
import re
from typing import List

from allennlp.data.tokenizers import Token, Tokenizer

_WORD = re.compile(r"\S+")


@Tokenizer.register("whitespace_with_offsets")
class WhitespaceWithOffsetsTokenizer(Tokenizer):
    def tokenize(self, text: str) -> List[Token]:
        return [Token(m.group(), idx=m.start(), idx_end=m.end()) for m in _WORD.finditer(text)]
