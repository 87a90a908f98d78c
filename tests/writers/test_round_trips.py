"""Every reader's records survive SpERT JSON and BRAT: read -> write -> read gives the same sentences."""
import pytest
from allennlp.common import Params
from allennlp.data import DatasetReader

from joint_ner_re.writers import SPACE_TOKENIZER, write_brat, write_spert_json
from tests.conftest import FIXTURES, sentences

FORMATS = FIXTURES / "formats"
SOURCES = [
    ({"type": "conll04"}, FORMATS / "conll04_roth_yih" / "synthetic_corp.tsv"),
    ({"type": "conll04", "tag_scheme": "bioes"}, FORMATS / "ade_giorgi_tsv" / "train.tsv"),
    ({"type": "ade"}, FORMATS / "ade_corpus_v2" / "synthetic_drug_ae.rel"),
    ({"type": "ace_standoff"}, FORMATS / "ace05_lstm_er" / "split" / "train"),
    ({"type": "dygiepp_json"}, FORMATS / "ace05_dygiepp_json" / "train.json"),
    ({"type": "i2b2_2010"}, FORMATS / "i2b2_2010"),
    ({"type": "spert_json"}, FORMATS / "spert_json" / "news_like_train.json"),
    ({"type": "brat"}, FIXTURES / "brat"),
]


def read(params, path):
    reader = DatasetReader.from_params(Params(dict(params)))
    return sentences(reader.read(str(path)))


def content(sentences):
    return [(s.words, s.entities, s.relations) for s in sentences]


@pytest.mark.parametrize("params, path", SOURCES, ids=[f"{p['type']}-{i}" for i, (p, _) in enumerate(SOURCES)])
def test_round_trip(tmp_path, params, path):
    sentences = read(params, path)
    assert sentences and any(s.relations for s in sentences)
    write_spert_json(sentences, tmp_path / "out.json")
    assert content(read({"type": "spert_json"}, tmp_path / "out.json")) == content(sentences)
    write_brat(sentences, tmp_path / "brat")
    again = read({"type": "brat", "tokenizer": dict(SPACE_TOKENIZER)}, tmp_path / "brat")
    assert content(again) == content(sentences)
    # a document keeps its sentences together, in a file of its name
    assert [s.document for s in again] == [s.document or "corpus" for s in sentences]
