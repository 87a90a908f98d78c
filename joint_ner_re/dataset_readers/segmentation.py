"""Raw text to sentences and tokens as character spans, for standoff formats whose offsets point into raw text."""
import re
from typing import Counter, List, Optional, Set, Tuple

from allennlp.data.tokenizers import SpacyTokenizer, Tokenizer

CharSpan = Tuple[int, int]  # [start, end) character offsets into the document
SENTENCE_SPLITTERS = ("lines", "sentencizer")
_LINE = re.compile(r"[^\n]+")


class Segmenter:
    """Rule-based, so that nothing needs a model download.

    Sentences: ``"lines"`` (every line with text is one sentence) or ``"sentencizer"`` (spaCy's punctuation rule
    inside each line; a line break always ends a sentence). Tokens: any AllenNLP ``Tokenizer`` that gives
    character offsets; the default is spaCy's rule-based English tokenizer, the one the predictor applies to raw
    text, so a model sees the same kind of words in training and in prediction.
    """

    def __init__(self, tokenizer: Optional[Tokenizer] = None, sentence_splitter: str = "lines") -> None:
        if sentence_splitter not in SENTENCE_SPLITTERS:
            raise ValueError(f"sentence_splitter: expected one of {SENTENCE_SPLITTERS}, got {sentence_splitter!r}")
        self._tokenizer = tokenizer or SpacyTokenizer(language="blank:en")
        self._sentencizer = None
        if sentence_splitter == "sentencizer":
            import spacy

            self._sentencizer = spacy.blank("en")
            self._sentencizer.add_pipe("sentencizer")
        self.tokens("probe text", 0, 10)  # a tokenizer without character offsets fails here, not mid-corpus

    def sentences(self, text: str) -> List[CharSpan]:
        """Sentence spans in text order, without surrounding whitespace; whitespace-only pieces are not sentences."""
        spans = []
        for line in _LINE.finditer(text):
            if self._sentencizer is None:
                pieces = [(line.start(), line.end())]
            else:
                pieces = [
                    (line.start() + sentence.start_char, line.start() + sentence.end_char)
                    for sentence in self._sentencizer(line.group()).sents
                ]
            spans.extend(span for span in (trim(text, *piece) for piece in pieces) if span[0] < span[1])
        return spans

    def tokens(self, text: str, start: int, end: int) -> List[CharSpan]:
        """Token spans of ``text[start:end]``, in document offsets; whitespace tokens are left out."""
        spans = []
        for token in self._tokenizer.tokenize(text[start:end]):
            if token.idx is None:
                raise ValueError(
                    f"tokenizer {type(self._tokenizer).__name__} gives no character offsets (Token.idx); "
                    'expected one that does, e.g. {"type": "spacy", "language": "blank:en"} or "letters_digits"'
                )
            token_end = token.idx_end if token.idx_end is not None else token.idx + len(token.text)
            span = (start + token.idx, start + token_end)
            if text[span[0]:span[1]] != token.text:
                raise ValueError(
                    f"tokenizer {type(self._tokenizer).__name__} gave offsets {span} for the token {token.text!r}, "
                    f"but the text there is {text[span[0]:span[1]]!r}; expected offsets of the token's own text"
                )
            if token.text.strip():
                spans.append(span)
        return spans


def trim(text: str, start: int, end: int) -> CharSpan:
    """The span without leading and trailing whitespace (``start == end`` when nothing else is left)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_at(spans: List[CharSpan], edges: Set[int], counts: Counter, count_as: str) -> List[CharSpan]:
    """Each span cut at the edges (e.g. entity starts and ends) that fall strictly inside it, so that every entity
    covers whole tokens; each span that is cut counts once under ``count_as``."""
    result = []
    for start, end in spans:
        cuts = sorted(edge for edge in edges if start < edge < end)
        if cuts:
            counts[count_as] += 1
        points = [start, *cuts, end]
        result.extend(zip(points, points[1:]))
    return result


def covered_tokens(tokens: List[CharSpan], start: int, end: int) -> List[int]:
    """Indices of the tokens that share at least one character with ``[start, end)``, in token order."""
    return [index for index, (s, e) in enumerate(tokens) if s < end and start < e]
