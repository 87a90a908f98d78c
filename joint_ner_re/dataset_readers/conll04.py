"""Roth & Yih column files: CoNLL04 (``conll04.corp``) and Giorgi et al.'s ADE file, which uses the same columns."""
import re
from collections import Counter
from pathlib import Path
from typing import Dict, Iterator, List, NamedTuple, Optional, Tuple

from allennlp.data import DatasetReader

from joint_ner_re.data import bioes
from joint_ner_re.data.sentence import Entity, Relation, Sentence
from joint_ner_re.dataset_readers import counts as names
from joint_ner_re.dataset_readers.corpus_files import data_file, non_blank_lines, read_lines
from joint_ner_re.common.options import expect_choice
from joint_ner_re.dataset_readers.sentence_builder import merge_duplicates
from joint_ner_re.dataset_readers.sentence_reader import SentenceReader

TOKEN_LINE = "9 tab-separated columns: sent_id ENTITY tok_idx O POS WORD O O O"
RELATION_LINE = "3 tab-separated columns: arg1_tok_idx arg2_tok_idx RELATION"
# The corpus's escapes, restored as SpERT's CoNLL04 JSON restores them (it keeps -LCB-/-RCB- as they are).
ESCAPES = {"COMMA": ",", "-LRB-": "(", "-RRB-": ")"}
TAG_SCHEMES = ("roth_yih", "bioes")
_ENTITY_TYPE = re.compile(r"[A-Za-z][\w-]*")
_SPLIT_LINE = re.compile(r"\s*(\d+)\s*:")


class _Line(NamedTuple):
    number: int
    columns: List[str]


class _Block(NamedTuple):
    """One sentence as the file holds it: its token lines, then its relation lines."""

    tokens: List[_Line]
    relations: List[_Line]


@DatasetReader.register("conll04")
class Conll04Reader(SentenceReader):
    """Reads the Roth & Yih (2004) column format: token lines, one blank line, relation lines, one blank line.

    A token line is ``sent_id ENTITY tok_idx O POS WORD O O O``; a relation line ``arg1 arg2 TYPE`` gives two
    ``tok_idx`` of the sentence and is read as a directed relation arg1 -> arg2. A sentence without relations is
    followed by two blank lines; further blank lines between sentences carry nothing and are passed over. The
    escapes ``COMMA``, ``-LRB-`` and ``-RRB-`` become ``,``, ``(`` and ``)``, as in SpERT's CoNLL04 JSON (which
    keeps ``-LCB-``/``-RCB-``, and so does this reader). The ``orig_id`` in ``Sentence.extra`` is ``sent_id``, as
    in SpERT's CoNLL04 JSON. ``tag_scheme`` names what the
    ENTITY column holds, rather than guessing it from the file (an all-O prefix tells nothing, and a config that
    names the scheme says what it reads); a tag of the other scheme is an error that names the right option:

    * ``roth_yih`` (CoNLL04 ``corp.tsv``): ENTITY is a type or ``O``, and an entity is ONE token whose words are
      joined by ``/`` (``Associated/Press``); it spans those words. A token that is just ``/`` is the word ``/``
      (counted). Each sentence then equals SpERT's CoNLL04 JSON document of its ``orig_id``, except 3 of the 1441
      there, where SpERT glued the lone ``,`` of a token such as ``Akron/,/Ohio`` onto the next word (``,Ohio``);
      the POS column, Gupta et al.'s and Bekoulis et al.'s files keep the ``,`` apart, and so does this reader.
    * ``bioes`` (``datasets/ade/train.tsv`` of Giorgi et al. 2019): one word per line, ENTITY a BIOES tag,
      relation arguments the LAST word of each entity (drug first). Tags are decoded with the project's one rule
      (``bioes.decode``); sentences whose tags are not valid BIOES are counted (that file has 5, where a drug
      nests inside an adverse effect) and keep what the rule decodes, as the model would see them.

    In both schemes a relation argument where no entity ends is counted and the relation skipped, and a relation
    line that repeats another of its sentence is merged into it (counted).

    The CoNLL04 splits are not separate files but lists of sentence ids (Gupta et al. 2016, used by SpERT, PFN and
    others): ``split_file`` names such a list (``ID:`` then the sentence text, which is ignored) and only the
    listed sentences are read, so a config points at the published list instead of a copy of its ids, and train
    and test are two readers (``dataset_reader``, ``validation_dataset_reader``) over the same ``corp.tsv``. A
    listed id that the file lacks is an error. ``only_with_relations`` reads the sentences with at least one
    relation line: the 1441 of the usual protocol, where the paper's Table A.1 counts all 5516. Sentences left out by
    either option are counted.
    """

    def __init__(
        self,
        tag_scheme: str = "roth_yih",
        split_file: Optional[str] = None,
        only_with_relations: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        expect_choice("tag_scheme", tag_scheme, TAG_SCHEMES)
        self._bioes = tag_scheme == "bioes"
        self._split_file = split_file
        self._split_ids = _read_split_ids(split_file) if split_file is not None else None
        self._only_with_relations = only_with_relations

    def _read_sentences(self, file_path: str) -> Iterator[Sentence]:
        first_lines: Dict[int, int] = {}
        for block in _blocks(data_file(file_path, "Roth & Yih columns"), file_path, self.counts):
            repairs: Counter = Counter()  # counted only for the sentences read out
            sentence = self._sentence(block, file_path, repairs)
            sentence_id = sentence.extra["orig_id"]
            if sentence_id in first_lines:
                raise ValueError(
                    f"{sentence.source}: sentence id {sentence_id} is already used by the sentence at line "
                    f"{first_lines[sentence_id]} (expected unique sentence ids)"
                )
            first_lines[sentence_id] = block.tokens[0].number
            if self._split_ids is not None and sentence_id not in self._split_ids:
                self.counts[names.SENTENCES_LEFT_OUT_BY_SPLIT_FILE] += 1
            elif self._only_with_relations and not block.relations:
                self.counts[names.SENTENCES_WITHOUT_RELATIONS_LEFT_OUT] += 1
            else:
                self.counts.update(repairs)
                yield sentence
        if self._split_ids is not None:
            missing = [i for i in self._split_ids if i not in first_lines]
            if missing:
                raise ValueError(
                    f"{self._split_file}: line {self._split_ids[missing[0]]}: sentence id {missing[0]} is not in "
                    f"{file_path} ({len(missing)} listed ids are absent; expected ids of sentences in that file)"
                )

    def _sentence(self, block: _Block, name: str, repairs: Counter) -> Sentence:
        first = block.tokens[0]
        sentence_id = _integer(first, 0, "sentence id", name)
        words: List[str] = []
        starts: List[int] = []
        for position, line in enumerate(block.tokens):
            if _integer(line, 0, "sentence id", name) != sentence_id:
                raise ValueError(
                    f"{name}: line {line.number}: expected sentence id {sentence_id} as on line {first.number} "
                    "(a blank line must end each sentence's tokens)"
                )
            if _integer(line, 2, "token index", name) != position:
                raise ValueError(f"{name}: line {line.number}: expected token index {position} in column 3")
            starts.append(len(words))
            words.extend(self._words(line, name, repairs))
        starts.append(len(words))
        ending = _bioes_entities(block, name, repairs) if self._bioes else _column_entities(block, starts, name)
        entities = [entity for _, entity in ending]
        ends_at = {token: i for i, (token, _) in enumerate(ending)}
        relations = []
        for line in block.relations:
            head, tail = (_argument(line, column, len(block.tokens), name) for column in (0, 1))
            if not line.columns[2]:
                raise ValueError(f"{name}: line {line.number}: expected a relation type in column 3")
            if head in ends_at and tail in ends_at:
                relations.append(Relation(ends_at[head], ends_at[tail], line.columns[2]))
            else:
                repairs[names.RELATIONS_SKIPPED_WITH_ARGUMENT_NOT_AN_ENTITY] += 1
        source = f"{name}: line {first.number}"
        return merge_duplicates(Sentence(words, entities, relations, source=source, extra={"orig_id": sentence_id}),
                                repairs)

    def _words(self, line: _Line, name: str, repairs: Counter) -> List[str]:
        word = line.columns[5]
        if self._bioes:
            parts = [word]
        elif word == "/":
            repairs[names.LONE_SLASH_TOKENS_READ_AS_THE_WORD_SLASH] += 1
            parts = [word]
        else:
            parts = word.split("/")
        if not all(parts):
            joined = "" if self._bioes else " (the words of a multi-word token joined by single '/')"
            raise ValueError(f"{name}: line {line.number}: expected a word in column 6{joined}, got {word!r}")
        return [ESCAPES.get(part, part) for part in parts]


def _column_entities(block: _Block, starts: List[int], name: str) -> List[Tuple[int, Entity]]:
    """(token index, entity): each non-O token is one entity over its words (``starts[i]`` = first word of token i)."""
    entities = []
    for position, line in enumerate(block.tokens):
        tag = line.columns[1]
        if tag == "O":
            continue
        if not _ENTITY_TYPE.fullmatch(tag) or _is_bioes(tag):
            raise ValueError(
                f"{name}: line {line.number}: expected an entity type or O in column 2, got {tag!r} "
                "(tag_scheme 'roth_yih'; 'bioes' reads B-/I-/E-/S- tags)"
            )
        entities.append((position, Entity(starts[position], starts[position + 1], tag)))
    return entities


def _bioes_entities(block: _Block, name: str, repairs: Counter) -> List[Tuple[int, Entity]]:
    """(token index of its last word, entity) for each entity the BIOES tags decode to (``bioes.decode``)."""
    tags = []
    for line in block.tokens:
        try:
            bioes.split_tag(line.columns[1])
        except ValueError as error:
            raise ValueError(f"{name}: line {line.number}: {error} (tag_scheme 'bioes'; 'roth_yih' reads "
                             "bare entity types)") from error
        tags.append(line.columns[1])
    entities = bioes.decode(tags)
    if bioes.encode(len(tags), entities)[0] != tags:
        repairs[names.SENTENCES_WITH_INVALID_BIOES_DECODED_BY_RULE] += 1
    return [(entity.last, entity) for entity in entities]


def _is_bioes(tag: str) -> bool:
    try:
        bioes.split_tag(tag)
    except ValueError:
        return False
    return True


def _integer(line: _Line, column: int, what: str, name: str) -> int:
    text = line.columns[column]
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{name}: line {line.number}: expected the {what} as a non-negative integer in column "
                         f"{column + 1}, got {text!r}")
    return int(text)


def _argument(line: _Line, column: int, tokens: int, name: str) -> int:
    index = _integer(line, column, "token index of a relation argument", name)
    if index >= tokens:
        raise ValueError(f"{name}: line {line.number}: relation argument {index} points at no token (expected a "
                         f"token index of the sentence above, 0..{tokens - 1})")
    return index


def _blocks(path: str, name: str, counts: Counter) -> Iterator[_Block]:
    """Split the file into sentences by its blank-line structure; the last one may end at end of file."""
    tokens: List[_Line] = []
    relations: List[_Line] = []
    in_relations = False
    for number, raw in enumerate(read_lines(Path(path), name, counts), start=1):
        if not raw.strip():
            if in_relations:
                yield _Block(tokens, relations)
                tokens, relations, in_relations = [], [], False
            elif tokens:
                in_relations = True
            continue
        columns = raw.rstrip("\r").split("\t")
        if in_relations:
            if len(columns) != 3:
                raise ValueError(
                    f"{name}: line {number}: expected a relation line ({RELATION_LINE}) or the blank line that "
                    f"ends the sentence, got {len(columns)} columns (a sentence without relations is followed "
                    "by two blank lines)"
                )
            relations.append(_Line(number, columns))
        elif len(columns) != 9:
            after = " (relation lines follow a sentence's tokens and one blank line)" if len(columns) == 3 else ""
            raise ValueError(f"{name}: line {number}: expected a token line ({TOKEN_LINE}), got {len(columns)} "
                             f"columns{after}")
        else:
            tokens.append(_Line(number, columns))
    if tokens:
        yield _Block(tokens, relations)


def _read_split_ids(path: str) -> Dict[int, int]:
    """Sentence id -> line number in a Gupta et al. (2016) list (``ID:`` or ``ID :``, then text that is ignored)."""
    ids: Dict[int, int] = {}
    for number, line in non_blank_lines(Path(data_file(path, "a split list")), path):
        match = _SPLIT_LINE.match(line)
        if match is None:
            raise ValueError(f"{path}: line {number}: expected a sentence id followed by ':' (a split list as "
                             f"Gupta et al. 2016 wrote it, e.g. '4:    John ...'), got {line.strip()!r:.80}")
        sentence_id = int(match.group(1))
        if sentence_id in ids:
            raise ValueError(f"{path}: line {number}: sentence id {sentence_id} is listed twice (first on line "
                             f"{ids[sentence_id]}); expected each id once")
        ids[sentence_id] = number
    return ids
