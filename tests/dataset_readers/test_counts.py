"""Every reader counts in the one vocabulary of counts.py, and treats the same defect the same way."""
import json

import pytest
from allennlp.common import Params
from allennlp.data import DatasetReader

from joint_ner_re.dataset_readers.counts import NAMES
from tests.conftest import FIXTURES, nonzero, sentences

# the hand-written quirk fixtures, where the readers count the most
QUIRK_FIXTURES = [
    ({"type": "spert_json"}, FIXTURES / "overlapping.json"),
    ({"type": "spert_json"}, str(FIXTURES / "conll04_like.json") + "#holdout"),
    ({"type": "conll04"}, FIXTURES / "conll04" / "synthetic_corp.tsv"),
    ({"type": "conll04", "split_file": str(FIXTURES / "conll04" / "split.txt")},
     FIXTURES / "conll04" / "synthetic_corp.tsv"),
    ({"type": "conll04", "tag_scheme": "bioes"}, FIXTURES / "conll04" / "ade_bioes.tsv"),
    ({"type": "ade", "drop_overlapping": "text"}, str(FIXTURES / "ade" / "synthetic_drug_ae.rel") + "#fold=0/2"),
    ({"type": "spert_json"}, str(FIXTURES / "conll04_like.json") + "#not-fold=1/2#rest"),
    ({"type": "ace_standoff"}, [FIXTURES / "ace_standoff" / "split" / name for name in ("all", "b")]),
    ({"type": "dygiepp_json"}, FIXTURES / "dygiepp_json" / "quirks.jsonl"),
    ({"type": "i2b2_2010", "keep_sentences_without_entities": False}, FIXTURES / "i2b2_2010" / "train"),
    ({"type": "brat"}, FIXTURES / "brat"),
]


@pytest.mark.parametrize("params, path", QUIRK_FIXTURES, ids=[p["type"] for p, _ in QUIRK_FIXTURES])
def test_every_count_name_is_in_the_vocabulary(params, path):
    reader = DatasetReader.from_params(Params(dict(params)))
    assert sentences(reader.read(path))
    assert set(nonzero(reader.counts)) - NAMES == set()


# One sentence "Ann lives in Rome ." with its person given twice and its Live_In relation given twice (in the
# CoNLL04 columns, whose entities are tokens, and in DRUG-AE.rel, whose lines name mentions again by design, only
# the relation can repeat): the same merge and the same counts from every reader.
DUPLICATED = {
    "spert_json": ("data.json", json.dumps([{
        "tokens": "Ann lives in Rome .".split(),
        "entities": [{"type": "Peop", "start": 0, "end": 1}, {"type": "Loc", "start": 3, "end": 4},
                     {"type": "Peop", "start": 0, "end": 1}],
        "relations": [{"type": "Live_In", "head": 0, "tail": 1}, {"type": "Live_In", "head": 2, "tail": 1}],
    }])),
    "dygiepp_json": ("data.json", json.dumps({
        "doc_key": "d", "sentences": ["Ann lives in Rome .".split()],
        "ner": [[[0, 0, "Peop"], [3, 3, "Loc"], [0, 0, "Peop"]]],
        "relations": [[[0, 0, 3, 3, "Live_In"], [0, 0, 3, 3, "Live_In"]]],
    })),
    "brat": ("d.ann", "T1\tPeop 0 3\tAnn\nT2\tLoc 13 17\tRome\nT3\tPeop 0 3\tAnn\n"
                      "R1\tLive_In Arg1:T1 Arg2:T2\nR2\tLive_In Arg1:T3 Arg2:T2\n"),
    "ace_standoff": ("d.split.ann", "T1\tPeop 0 3\tAnn\nT2\tLoc 13 17\tRome\nT3\tPeop 0 3\tAnn\n"
                                    "R1\tLive_In Arg1:T1 Arg2:T2\nR2\tLive_In Arg1:T3 Arg2:T2\n"),
    "i2b2_2010": ("concept/d.con", 'c="ann" 1:0 1:0||t="problem"\nc="rome" 1:3 1:3||t="treatment"\n'
                                   'c="ann" 1:0 1:0||t="problem"\n'),
    "conll04": ("corp.tsv", "".join(f"0\t{tag}\t{i}\tO\tNN\t{word}\tO\tO\tO\n" for i, (tag, word) in
                                    enumerate(zip(["Peop", "O", "O", "Loc", "O"], "Ann lives in Rome .".split())))
                + "\n0\t3\tLive_In\n0\t3\tLive_In\n"),
    "ade": ("DRUG-AE.rel", "1|Ann lives in Rome.|Ann|3|6|Rome|16|20\n1|Ann lives in Rome.|Ann|3|6|Rome|16|20\n"),
}
COMPANIONS = {  # the other files a format needs beside the one above
    "brat": {"d.txt": "Ann lives in Rome .\n"},
    "ace_standoff": {"d.split.txt": "Ann lives in Rome .\n"},
    "i2b2_2010": {"txt/d.txt": "Ann lives in Rome .\n",
                  "rel/d.rel": 'c="rome" 1:3 1:3||r="TrAP"||c="ann" 1:0 1:0\n' * 2},
}
READ_FROM = {"spert_json": "data.json", "dygiepp_json": "data.json", "conll04": "corp.tsv", "ade": "DRUG-AE.rel"}


@pytest.mark.parametrize("reader_type", sorted(DUPLICATED))
def test_an_exact_duplicate_is_merged_and_counted_by_every_reader(tmp_path, reader_type):
    name, content = DUPLICATED[reader_type]
    for relative, text in {name: content, **COMPANIONS.get(reader_type, {})}.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text)
    reader = DatasetReader.from_params(Params({"type": reader_type}))
    (sentence,) = sentences(reader.read(tmp_path / READ_FROM.get(reader_type, "")))
    assert len(sentence.entities) == 2 and len(sentence.relations) == 1
    expected = {"sentences": 1, "entities": 2, "relations": 1, "duplicate_relations_merged": 1}
    if reader_type not in ("conll04", "ade"):
        expected["duplicate_entities_merged"] = 1
    assert nonzero(reader.counts) == expected
