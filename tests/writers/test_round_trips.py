"""Every reader's records survive SpERT JSON and BRAT: read -> write -> read gives the same sentences."""
import pytest
from allennlp.common import Params
from allennlp.data import DatasetReader

from joint_ner_re.writers import SPACE_TOKENIZER, write_brat, write_spert_json
from tests.conftest import FIXTURES, sentences, shared_file

SOURCES = [
    ({"type": "conll04"}, "format-samples/conll04-roth-yih/corp.tsv"),
    ({"type": "conll04", "tag_scheme": "bioes"}, "format-samples/giorgi2019-ade-tsv/train.tsv"),
    ({"type": "ade"}, "format-samples/ade-corpus-v2/DRUG-AE.rel"),
    ({"type": "ace_standoff"}, "format-samples/ace05-lstm-er/split/train"),
    ({"type": "dygiepp_json"}, "format-samples/ace05-dygiepp-json/processed-data/train.json"),
    ({"type": "i2b2_2010"}, "format-samples/i2b2-2010"),
    ({"type": "brat"}, None),  # the project's own fixture
]


def read(params, path):
    reader = DatasetReader.from_params(Params(dict(params)))
    return sentences(reader.read(str(path)))


def content(sentences):
    return [(s.words, s.entities, s.relations) for s in sentences]


@pytest.mark.parametrize("params, relative", SOURCES, ids=[f"{p['type']}-{i}" for i, (p, _) in enumerate(SOURCES)])
def test_round_trip(tmp_path, params, relative):
    path = FIXTURES / "brat" if relative is None else shared_file(relative)
    sentences = read(params, path)
    assert sentences and any(s.relations for s in sentences)
    write_spert_json(sentences, tmp_path / "out.json")
    assert content(read({"type": "spert_json"}, tmp_path / "out.json")) == content(sentences)
    write_brat(sentences, tmp_path / "brat")
    assert content(read({"type": "brat", "tokenizer": dict(SPACE_TOKENIZER)}, tmp_path / "brat")) == content(sentences)
