"""Documents: text of any length (or words) cut into sentences of words with character offsets, and the one output
record of a predicted document, shared by ``allennlp predict``, ``allennlp extract`` and the spaCy component.

Sentences come from a spaCy pipeline (by default ``blank:en`` + the rule-based ``sentencizer``: no download) and
its own tokens: every token that is not whitespace is a word, so that a word maps back to one token of the spaCy
``Doc`` (the spaCy component writes ``doc.ents`` on those tokens) and to its characters in the text. On top of the
pipeline's boundaries, a blank line always ends a sentence; with ``line_breaks="hard"`` every line break does (one
sentence per line at most: lists, tables, clinical notes; the ``brat`` reader's ``sentencizer`` rule), with
``"soft"`` (the default) a single line break is just a space (hard-wrapped prose).

The output record (one JSON object per document; docs/extract.md, "JSON lines"):

- the input's own keys except ``tokens`` and ``sentences`` (an ``id``, the ``text``, ...);
- ``words`` (every word of the document) and ``tags`` (one BIOES tag per word);
- ``sentences``: ``{start, end}`` word indices (end exclusive), plus ``char_start``/``char_end`` for text input;
- ``entities``: ``{start, end, type, text, sentence}`` (word indices into ``words``; ``sentence`` indexes
  ``sentences``), plus ``char_start``/``char_end`` into the text for text input, where ``text`` is then exactly
  ``text[char_start:char_end]`` (else the words joined by spaces);
- ``relations``: ``{head, tail, type, score, head_text, tail_text}``, ``head``/``tail`` indices into
  ``entities`` (always of the same sentence: the model relates entities within a sentence), ``score`` the
  classifier's probability of ``type``.
"""
import sys
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

from allennlp.common.util import JsonDict
from allennlp.data import Vocabulary

from joint_ner_re.common.options import expect_choice
from joint_ner_re.data.bioes import split_tag
from joint_ner_re.data.sentence import Sentence
from joint_ner_re.dataset_readers.sentence_reader import RELATION_NAMESPACE, TAG_NAMESPACE

LINE_BREAKS = ("soft", "hard")
RULE_BASED = "sentencizer"
# Input keys that hold the words themselves; every other key is copied to the output.
WORD_KEYS = ("tokens", "sentences")
CharSpan = Tuple[int, int]


@dataclass
class Document:
    """A document ready for prediction: its sentences (with ``char_offsets`` into ``text`` for text input), the
    input keys to copy to the output, and, where the words came from a spaCy ``Doc``, that doc and the doc token
    index of every word (document order)."""

    name: str
    sentences: List[Sentence]
    text: Optional[str] = None
    fields: Dict[str, Any] = field(default_factory=dict)
    doc: Any = None
    word_tokens: Optional[List[int]] = None

    @property
    def words(self) -> int:
        return sum(len(sentence.words) for sentence in self.sentences)


class SentenceSplitter:
    """Text to sentences: ``pipeline`` is ``"sentencizer"`` (spaCy's rule-based English tokenizer and sentencizer,
    nothing to download) or the name or path of an installed spaCy pipeline (its parser or senter then sets the
    boundaries; one without either gets the sentencizer's). ``line_breaks``: see the module docstring."""

    def __init__(self, pipeline: str = RULE_BASED, line_breaks: str = "soft") -> None:
        import spacy

        expect_choice("line_breaks", line_breaks, LINE_BREAKS)
        self.line_breaks = line_breaks
        if pipeline == RULE_BASED:
            self.nlp = spacy.blank("en")
            self.nlp.add_pipe("sentencizer")
            # nlp.max_length guards the memory of parsers and NER; tokenizer and sentencizer need little per
            # character, and a long document must never be refused or cut
            self.nlp.max_length = sys.maxsize
        else:
            try:
                self.nlp = spacy.load(pipeline)
            except OSError as error:
                raise ValueError(
                    f"sentence splitter: expected {RULE_BASED!r} or the name or path of an installed spaCy pipeline, "
                    f"got {pipeline!r} ({error})"
                ) from None

    def document(self, text: str, name: str, fields: Optional[Dict[str, Any]] = None) -> Document:
        """The text as a document (without sentences when the text has no word)."""
        return document_from_doc(self.nlp(text), name, self.line_breaks, fields)


def document_from_doc(doc, name: str, line_breaks: str, fields: Optional[Dict[str, Any]] = None) -> Document:
    """A spaCy ``Doc`` as a document: its own sentence boundaries where it has them (parser, senter, sentencizer,
    or set by hand), else the rule-based sentencizer's, computed on a copy (the doc is not changed)."""
    sentences: List[Sentence] = []
    word_tokens: List[int] = []
    starts = sentence_starts(doc)
    text = doc.text
    pending_start = True  # a sentence start that fell on a whitespace token passes to the next word
    previous_end: Optional[int] = None
    for token, start in zip(doc, starts):
        if token.is_space:
            pending_start = pending_start or start
            continue
        span = (token.idx, token.idx + len(token.text))
        if previous_end is None or pending_start or start or breaks_sentence(text[previous_end:span[0]], line_breaks):
            sentences.append(Sentence([], source=f"{name}: sentence {len(sentences) + 1}", document=name,
                                      char_offsets=[]))
        sentences[-1].words.append(token.text)
        sentences[-1].char_offsets.append(span)
        word_tokens.append(token.i)
        pending_start, previous_end = False, span[1]
    return Document(name, sentences, text, dict(fields or {}), doc, word_tokens)


def sentence_starts(doc) -> List[bool]:
    """Whether each token starts a sentence, by the doc's own annotation or, without one, the sentencizer's."""
    if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        from spacy.pipeline import Sentencizer

        doc = Sentencizer()(doc.copy())
    return [bool(token.is_sent_start) for token in doc]


def breaks_sentence(gap: str, line_breaks: str) -> bool:
    """Whether the whitespace between two words ends a sentence: a blank line always, a line break when hard."""
    return gap.count("\n") >= (1 if line_breaks == "hard" else 2)


def document_from_json(inputs: JsonDict, name: str, splitter: SentenceSplitter) -> Document:
    """``{"text": str}``, ``{"tokens": [word, ...]}`` (one sentence) or ``{"sentences": [[word, ...], ...]}``;
    the other keys are kept for the output. Input without words (an empty text, list or sentence) gives no
    sentence: its record is empty. ValueError saying what was expected for anything else."""
    fields = {key: value for key, value in inputs.items() if key not in WORD_KEYS}
    if isinstance(inputs.get("text"), str):
        return splitter.document(inputs["text"], name, fields)
    if isinstance(inputs.get("tokens"), list):
        words_per_sentence = [inputs["tokens"]]
    elif isinstance(inputs.get("sentences"), list) and all(isinstance(s, list) for s in inputs["sentences"]):
        words_per_sentence = inputs["sentences"]
    else:
        raise ValueError(
            'expected an object with "text" (a string), "tokens" (a list of words) or "sentences" (a list of lists '
            f"of words), got {inputs!r:.200}"
        )
    sentences = [
        Sentence(list(words), source=f"{name}: sentence {number}", document=name)
        for number, words in enumerate(words_per_sentence, start=1)
        if words
    ]
    for sentence in sentences:
        sentence.validate()
    return Document(name, sentences, None, fields)


def document_output(document: Document, predictions: Sequence[JsonDict]) -> JsonDict:
    """The output record (module docstring) from the model's readable output for each sentence of the document
    (``tags``, ``entities`` with ``start``/``end``/``type``, ``relations`` with ``head``/``tail``/``type``/``score``,
    all within the sentence)."""
    words: List[str] = []
    tags: List[str] = []
    sentences: List[JsonDict] = []
    entities: List[JsonDict] = []
    relations: List[JsonDict] = []
    for number, (sentence, prediction) in enumerate(zip(document.sentences, predictions)):
        offset, first_entity = len(words), len(entities)
        offsets = sentence.char_offsets
        words.extend(sentence.words)
        tags.extend(prediction["tags"])
        span: JsonDict = {"start": offset, "end": len(words)}
        if offsets:
            span.update(char_start=offsets[0][0], char_end=offsets[-1][1])
        sentences.append(span)
        for entity in prediction["entities"]:
            start, end = entity["start"], entity["end"]
            item: JsonDict = {"start": offset + start, "end": offset + end, "type": entity["type"]}
            if offsets and document.text is not None:
                char_start, char_end = offsets[start][0], offsets[end - 1][1]
                item.update(text=document.text[char_start:char_end], char_start=char_start, char_end=char_end)
            else:
                item["text"] = " ".join(sentence.words[start:end])
            item["sentence"] = number
            entities.append(item)
        for relation in prediction["relations"]:
            head, tail = first_entity + relation["head"], first_entity + relation["tail"]
            relations.append({
                "head": head, "tail": tail, "type": relation["type"], "score": relation["score"],
                "head_text": entities[head]["text"], "tail_text": entities[tail]["text"],
            })
    return {**document.fields, "words": words, "tags": tags, "sentences": sentences, "entities": entities,
            "relations": relations}


def model_labels(vocab: Vocabulary) -> Tuple[List[str], List[str]]:
    """The entity types and relation types a model predicts, sorted (for legends and annotation configs)."""
    tags = vocab.get_token_to_index_vocabulary(TAG_NAMESPACE)
    entity_types = sorted({split_tag(tag)[1] for tag in tags if not tag.startswith("@@")} - {""})
    relation_types = sorted(t for t in vocab.get_token_to_index_vocabulary(RELATION_NAMESPACE) if not t.startswith("@@"))
    return entity_types, relation_types


def text_layout(words_per_sentence: Sequence[Sequence[str]]) -> Tuple[str, List[List[CharSpan]]]:
    """Text for words without one: one sentence per line, words joined by single spaces; and each word's span."""
    lines: List[str] = []
    spans: List[List[CharSpan]] = []
    offset = 0
    for words in words_per_sentence:
        sentence_spans = []
        for word in words:
            sentence_spans.append((offset, offset + len(word)))
            offset += len(word) + 1
        spans.append(sentence_spans)
        lines.append(" ".join(words))
    return "".join(line + "\n" for line in lines), spans


def has_char_offsets(output: JsonDict) -> bool:
    """Whether an output record comes from text: its ``text`` and the character spans of its sentences."""
    return isinstance(output.get("text"), str) and all("char_start" in s for s in output["sentences"])


def output_text(output: JsonDict) -> Tuple[str, List[CharSpan], List[CharSpan]]:
    """The text an output record stands on (its ``text``, or ``text_layout`` of its words), with the character
    span of each sentence and of each entity."""
    if has_char_offsets(output):
        sentence_spans = [(s["char_start"], s["char_end"]) for s in output["sentences"]]
        entity_spans = [(e["char_start"], e["char_end"]) for e in output["entities"]]
        return output["text"], sentence_spans, entity_spans
    words = output["words"]
    text, word_spans = text_layout([words[s["start"]:s["end"]] for s in output["sentences"]])
    flat = [span for sentence in word_spans for span in sentence]
    sentence_spans = [(flat[s["start"]][0], flat[s["end"] - 1][1]) for s in output["sentences"]]
    entity_spans = [(flat[e["start"]][0], flat[e["end"] - 1][1]) for e in output["entities"]]
    return text, sentence_spans, entity_spans
