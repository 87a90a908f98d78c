"""Whitespace tokenisation that keeps character offsets (AllenNLP's ``whitespace`` tokenizer drops them).

Used to read text whose words are joined by spaces: the BRAT writer's output, LSTM-ER's ACE text. AllenNLP's
``spacy`` tokenizer with ``split_on_spaces`` would do the same, but it swaps the tokenizer of spaCy's *cached,
shared* pipeline, which then silently changes every other spaCy tokenizer of the process."""
import re
from typing import List, Optional

from allennlp.data.tokenizers import Token, Tokenizer


@Tokenizer.register("whitespace_with_offsets")
class WhitespaceWithOffsetsTokenizer(Tokenizer):
    """Words are the runs of non-whitespace characters, or, with ``separator``, the runs of anything but that
    character (``" "`` for text whose tokens may hold other whitespace, as CoreNLP's ``3\\u00a01/2``)."""

    def __init__(self, separator: Optional[str] = None) -> None:
        self._word = re.compile(r"\S+" if separator is None else f"[^{re.escape(separator)}]+")

    def tokenize(self, text: str) -> List[Token]:
        return [Token(m.group(), idx=m.start(), idx_end=m.end()) for m in self._word.finditer(text)]
