"""Raw text to sentences and tokens as character spans, for standoff formats whose offsets point into raw text."""
import re
from typing import Counter, List, Optional, Set, Tuple

from allennlp.data.tokenizers import SpacyTokenizer, Tokenizer

from joint_ner_re.data.sentence import Entity
from joint_ner_re.dataset_readers import counts as names
from joint_ner_re.common.options import expect, expect_choice

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
        expect_choice("sentence_splitter", sentence_splitter, SENTENCE_SPLITTERS)
        self._tokenizer = tokenizer or SpacyTokenizer(language="blank:en")
        expect(
            "tokenizer",
            all(token.idx is not None for token in self._tokenizer.tokenize("probe text")),
            'one that gives character offsets (Token.idx), e.g. {"type": "spacy", "language": "blank:en"} or '
            '{"type": "whitespace_with_offsets"}',
            type(self._tokenizer).__name__,
        )
        self._sentencizer = None
        if sentence_splitter == "sentencizer":
            import spacy

            self._sentencizer = spacy.blank("en")
            self._sentencizer.add_pipe("sentencizer")

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


def split_at(spans: List[CharSpan], edges: Set[int], counts: Counter) -> List[CharSpan]:
    """Each token span cut at the entity edges that fall strictly inside it, so that every entity covers whole
    tokens; each token that is cut is counted once."""
    result = []
    for start, end in spans:
        cuts = sorted(edge for edge in edges if start < edge < end)
        if cuts:
            counts[names.TOKENS_SPLIT_AT_ENTITY_EDGES] += 1
        points = [start, *cuts, end]
        result.extend(zip(points, points[1:]))
    return result


def token_entity(tokens: List[CharSpan], start: int, end: int, entity_type: str, counts: Counter) -> Optional[Entity]:
    """The entity over the tokens that share at least one character with ``[start, end)``, widened to whole
    tokens where an edge falls inside one (counted); None where no token covers it (counted)."""
    covered = [index for index, (s, e) in enumerate(tokens) if s < end and start < e]
    if not covered:
        counts[names.ENTITIES_SKIPPED_WITHOUT_TOKENS] += 1
        return None
    first, last = covered[0], covered[-1]
    if tokens[first][0] < start or tokens[last][1] > end:
        counts[names.ENTITIES_EXPANDED_TO_TOKEN_BOUNDARIES] += 1
    return Entity(first, last + 1, entity_type)
