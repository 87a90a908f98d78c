"""Write Sentence records as SpERT JSON: the format most joint NER+RE systems read (SpERT, PFN, TablERT, ...)."""
import json
from typing import Any, Dict, Iterable, List

from joint_ner_re.data.sentence import Sentence


def to_spert(sentence: Sentence) -> Dict[str, Any]:
    """One SpERT document: ``end`` exclusive, ``head``/``tail`` index the document's entity list."""
    document: Dict[str, Any] = {
        "tokens": list(sentence.words),
        "entities": [{"type": e.type, "start": e.start, "end": e.end} for e in sentence.entities],
        "relations": [{"type": r.type, "head": r.head, "tail": r.tail} for r in sentence.relations],
    }
    if "orig_id" in sentence.extra:
        document["orig_id"] = sentence.extra["orig_id"]
    return document


def write_spert_json(sentences: Iterable[Sentence], path: str) -> int:
    """Write a JSON array (as SpERT's own files are); returns the number of documents written."""
    documents: List[Dict[str, Any]] = [to_spert(sentence) for sentence in sentences]
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(documents, handle, ensure_ascii=False)
    return len(documents)
