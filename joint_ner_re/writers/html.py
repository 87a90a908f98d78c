"""Predicted documents as one self-contained HTML page (no script, no external resource), drawn by spaCy's displaCy
in manual mode.

A document reads as its text, with every entity highlighted in its type's colour (displaCy ``ent``). Under each
sentence that holds relations, its entities stand in a row joined by labelled arcs (displaCy ``dep``, one node per
entity, the arrow pointing at the tail, the label ``TYPE score``), so that a page of text stays a page of text
instead of one line of words as wide as the document.
"""
import html
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

from allennlp.common.util import JsonDict
from spacy import displacy

from joint_ner_re.common.text import counted
from joint_ner_re.documents import Document, output_text
from joint_ner_re.writers.colors import type_colors
from joint_ner_re.writers.names import FileStems

NODE_CHARACTERS = 32  # an entity's text in an arc diagram is cut to this many characters

STYLE = """
body { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin: 2.5rem 0 0.2rem; border-bottom: 1px solid #ddd; }
.counts, footer { color: #666; font-size: 0.9rem; }
.legend mark { padding: 0.2em 0.5em; margin-right: 0.4em; border-radius: 0.35em; }
.arcs { overflow-x: auto; margin: 0.4rem 0 1rem; border-left: 3px solid #eee; }
.entities { line-height: 2.5; }
"""


def page_start(title: str, entity_types: Sequence[str], relation_types: Sequence[str]) -> str:
    """The page up to its first document: title and the legend of the model's types."""
    colors = type_colors(entity_types)
    chips = "".join(
        f'<mark style="background: {colors[t]}">{html.escape(t)}</mark>' for t in entity_types
    )
    relations = ", ".join(html.escape(t) for t in relation_types) or "none"
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n<h1>{html.escape(title)}</h1>\n"
        f'<p class="legend">Entity types: {chips}<br>Relation types: {relations}</p>\n'
    )


def page_end(note: str) -> str:
    return f"<footer>{html.escape(note)}</footer>\n</body>\n</html>\n"


def document_html(output: JsonDict, name: str, entity_types: Sequence[str]) -> str:
    """One document's section (see the module docstring)."""
    colors = type_colors(entity_types)
    text, sentence_spans, entity_spans = output_text(output)
    entities, relations = output["entities"], output["relations"]
    in_sentence: Dict[int, List[int]] = defaultdict(list)
    for index, entity in enumerate(entities):
        in_sentence[entity["sentence"]].append(index)
    relations_of: Dict[int, List[JsonDict]] = defaultdict(list)
    for relation in relations:
        relations_of[entities[relation["head"]]["sentence"]].append(relation)
    counts = " · ".join(counted(n, what) for n, what in
                        ((len(sentence_spans), "sentence"), (len(entities), "entity"), (len(relations), "relation")))
    parts = [f'<section class="document">\n<h2>{html.escape(name)}</h2>\n<p class="counts">{counts}</p>\n']
    start, next_entity = 0, 0
    for number, (_, sentence_end) in enumerate(sentence_spans):
        last = number == len(sentence_spans) - 1
        if not (relations_of[number] or last):
            continue
        end = len(text) if last else sentence_end
        chunk_entities = []
        while next_entity < len(entities) and entity_spans[next_entity][1] <= end:
            chunk_entities.append((*entity_spans[next_entity], entities[next_entity]["type"]))
            next_entity += 1
        parts.append(_highlighted(text, start, end, chunk_entities, colors))
        if relations_of[number]:
            parts.append(_arcs(in_sentence[number], entities, relations_of[number]))
        start = end
        while start < len(text) and text[start].isspace():  # no empty lines under a diagram
            start += 1
    parts.append("</section>\n")
    return "".join(parts)


def _highlighted(text: str, start: int, end: int, entities: List[Tuple[int, int, str]], colors: Dict[str, str]) -> str:
    """``text[start:end]`` with its entities (document character spans) highlighted: displaCy ``ent``."""
    spans = [{"start": s - start, "end": e - start, "label": html.escape(t)} for s, e, t in entities]
    options = {"colors": {html.escape(t): color for t, color in colors.items()}}
    return displacy.render({"text": text[start:end], "ents": spans}, style="ent", manual=True, options=options,
                           jupyter=False) + "\n"


def _arcs(indices: List[int], entities: List[JsonDict], relations: List[JsonDict]) -> str:
    """A sentence's entities as nodes, its relations as labelled arcs: displaCy ``dep``. The two directions of one
    pair share an arc whose label says which is which."""
    node = {entity: position for position, entity in enumerate(indices)}
    words = [{"text": _short(entities[i]["text"]), "tag": html.escape(entities[i]["type"])} for i in indices]
    by_pair: Dict[Tuple[int, int], List[JsonDict]] = defaultdict(list)
    for relation in relations:
        by_pair[tuple(sorted((node[relation["head"]], node[relation["tail"]])))].append(relation)
    arcs = []
    for (left, right), pair in by_pair.items():
        labels = [f"{r['type']} {r['score']:.2f}" for r in pair]
        if len(pair) > 1:  # both directions: arrows in reading order
            labels = [("→ " if node[r["head"]] == left else "← ") + label for r, label in zip(pair, labels)]
        direction = "right" if node[pair[0]["head"]] == left else "left"
        arcs.append({"start": left, "end": right, "label": html.escape(" | ".join(labels)), "dir": direction})
    # room for the longest entity text between two nodes, and for the longest label on the arc of two neighbours
    longest_text = max(len(word["text"]) for word in words)
    longest_label = max(len(html.unescape(arc["label"])) for arc in arcs)
    distance = max(120, 9 * longest_text + 40, 7 * longest_label)
    options = {"distance": distance, "offset_x": 60, "word_spacing": 30, "font": "inherit"}
    svg = displacy.render({"words": words, "arcs": arcs}, style="dep", manual=True, options=options, jupyter=False)
    return f'<div class="arcs">{svg}</div>\n'


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= NODE_CHARACTERS else text[: NODE_CHARACTERS - 1] + "…"


class HtmlWriter:
    """One page for all documents at ``path`` (written as they come), or with ``per_document`` a folder with one
    page per document (``FileStems``) and an ``index.html`` that links them."""

    def __init__(
        self, path: str, entity_types: Sequence[str], relation_types: Sequence[str], title: str,
        per_document: bool = False,
    ) -> None:
        self.path = Path(path)
        self.per_document = per_document
        self.types = (list(entity_types), list(relation_types))
        self.title = title
        self.written: List[str] = []
        self._documents = 0
        self._stems = FileStems()
        if per_document:
            self.path.mkdir(parents=True, exist_ok=True)
            self._handle = (self.path / "index.html").open("w", encoding="utf-8")
            self._handle.write(page_start(title, *self.types) + "<ul>\n")
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("w", encoding="utf-8")
            self._handle.write(page_start(title, *self.types))

    def write(self, document: Document, output: JsonDict) -> None:
        section = document_html(output, document.name, self.types[0])
        self._documents += 1
        if not self.per_document:
            self._handle.write(section)
            return
        stem = self._stems.stem(document.name)
        page = self.path / f"{stem}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(page_start(f"{self.title}: {document.name}", *self.types) + section + page_end(""),
                        encoding="utf-8")
        self.written.append(str(page))
        self._handle.write(f'<li><a href="{html.escape(stem)}.html">{html.escape(document.name)}</a></li>\n')

    def close(self) -> List[str]:
        note = counted(self._documents, "document")
        self._handle.write(("</ul>\n" if self.per_document else "") + page_end(note))
        self._handle.close()
        return [str(self.path / "index.html") if self.per_document else str(self.path), *self.written]
