"""ACE04 / ACE05 after tticoin/LSTM-ER preprocessing (``DOC.split.txt`` + ``DOC.split.ann``): the ``brat`` reader
with LSTM-ER's presets, since LSTM-ER writes brat standoff."""
from typing import Any, Dict

from allennlp.data import DatasetReader

from joint_ner_re.data.whitespace_tokenizer import WhitespaceWithOffsetsTokenizer
from joint_ner_re.dataset_readers.brat import BratReader

LSTM_ER_PRESETS: Dict[str, Any] = {
    "text_extension": ".split.txt",
    "annotation_extension": ".split.ann",
    "sentence_splitter": "lines",  # CoreNLP's sentences, one per line
    "tokenizer": WhitespaceWithOffsetsTokenizer(separator=" "),  # CoreNLP's tokens, joined by single spaces
    "misaligned_spans": "expand",  # an ACE head whose edge falls inside a token takes the whole token
}


@DatasetReader.register("ace_standoff")
class AceStandoffReader(BratReader):
    """Reads the ACE04/ACE05 documents written by LSTM-ER's ``run.zsh`` (Miwa & Bansal 2016).

    A document is ``DOC.split.txt`` (one tokenised sentence per line, tokens joined by single spaces) and
    ``DOC.split.ann``: ``T<id>\\t<TYPE> <start> <end>\\t<surface>`` entity mentions (the ACE mention head; character
    offsets into the split text, end exclusive) and ``R<id>\\t<TYPE> Arg1:T<id> Arg2:T<id>`` relation mentions
    (coarse type, directed Arg1 -> Arg2, read as head -> tail). Every line of the text is one ``Sentence``; header
    lines (doc id, date) are sentences without annotations, as in the DyGIE/PURE JSON made from the same files.

    The data path is a folder (LSTM-ER's ``corpus/train``, ``corpus/dev``, ``corpus/test`` for ACE05,
    ``corpus/train0``/``corpus/test0``... for ACE04), a document-id list (``split/train``, ACE04's 5-fold
    ``split/cv0`` ... ``split/cv4``), or a list of these. Listed ids are looked up in ``corpus_dir`` and its
    sub-folders (``run.zsh`` moves the files into per-split sub-folders); without ``corpus_dir``, in ``../corpus``
    next to the list, LSTM-ER's own layout (``split/`` beside ``corpus/``).

    Everything else is the ``brat`` reader's: its checks, its counts, and its options, which override the presets
    above. A head whose edges fall inside tokens is expanded to the tokens it touches (LSTM-ER's heads do not
    always follow the tokenisation). Relation direction is kept as annotated. Symmetric types (ACE ``PER-SOC``) are
    scored direction-free by the metric's ``symmetric_relation_types``, so the gold stays comparable with directed
    published scores.
    """

    default_corpus_dir = "../corpus"

    def __init__(self, **options: Any) -> None:
        super().__init__(**{**LSTM_ER_PRESETS, **options})
