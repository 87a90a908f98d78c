import json
import logging

import pytest
from allennlp.common.checks import ConfigurationError
from allennlp.data import Vocabulary
from allennlp.data.token_indexers import PretrainedTransformerMismatchedIndexer

from joint_ner_re.data.sentence import Entity, Relation, Sentence
from joint_ner_re.dataset_readers import SpertJsonReader
from tests.conftest import FIXTURES, TINY_BERT, nonzero, shared_file


def reader(**kwargs):
    indexer = PretrainedTransformerMismatchedIndexer(str(TINY_BERT), max_length=16)
    return SpertJsonReader(token_indexers={"tokens": indexer}, **kwargs)


def test_reads_words_tags_relations_and_gold_metadata():
    instances = list(reader().read(FIXTURES / "conll04_like.json"))
    assert len(instances) == 12
    first = instances[0]
    words = [t.text for t in first["tokens"].tokens]
    assert words == "Maria Lopez works for Acme Corp in Boston .".split()
    assert first["tags"].labels == ["B-Peop", "E-Peop", "O", "O", "B-Org", "E-Org", "O", "S-Loc", "O"]
    # relations sit on the last words of their arguments
    relations = first["relations"]
    assert sorted(zip(relations.indices, relations.labels)) == [
        ((1, 5), "Work_For"), ((1, 7), "Live_In"), ((5, 7), "OrgBased_In"),
    ]
    sentence = first["metadata"]["sentence"]
    assert sentence.entities[1] == Entity(4, 6, "Org")
    assert sentence.extra["orig_id"] == 0
    assert first["metadata"]["annotated"]


def test_indexes_through_the_mismatched_indexer_into_a_tensor():
    instances = list(reader().read(FIXTURES / "conll04_like.json"))
    vocab = Vocabulary.from_instances(instances)
    instances[0].index_fields(vocab)
    tensors = instances[0].as_tensor_dict()
    assert tensors["relations"].shape == (9, 9)
    assert tensors["relations"][1, 5] == vocab.get_token_index("Work_For", "relation_labels")
    assert tensors["relations"][0, 0] == -1
    assert tensors["tokens"]["tokens"]["offsets"].shape == (9, 2)


def test_overlapping_entities_are_counted_and_kept_in_the_evaluation_gold(caplog):
    r = reader()
    with caplog.at_level(logging.INFO):
        instances = list(r.read(FIXTURES / "overlapping.json"))
    assert r.counts["entities_not_encoded"] == 2
    assert r.counts["relations_without_target"] == 2
    assert instances[0]["tags"].labels == ["B-Adverse-Effect", "I-Adverse-Effect", "I-Adverse-Effect",
                                           "E-Adverse-Effect", "O", "O", "O"]
    assert len(instances[0]["relations"].indices) == 0
    assert len(instances[0]["metadata"]["sentence"].entities) == 3
    assert "2 entities overlap another" in caplog.text


def test_json_lines_are_read_too(tmp_path):
    documents = json.loads((FIXTURES / "conll04_like.json").read_text())
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in documents[:3]) + "\n\n")
    assert len(list(reader().read(path))) == 3


@pytest.mark.parametrize(
    "content, message",
    [
        ('[{"tokens": ["a"]},\n{"tokens": ["b"], "entities": [{"type": "X", "start": 0, "end": 2}]}]',
         r"bad\.json: array element 1 \(line 2\): entity .* does not fit a sentence of 1 words"),
        ('[{"tokens": ["a"]},\n {"tokens": ["b"]\n', r"bad\.json: line 3: invalid JSON"),
        ('[{"tokens": ["a"]} {"tokens": ["b"]}]', r"bad\.json: line 1: expected ',' or ']' after array element 0"),
        ('{"tokens": ["a"]}\n{"words": ["b"]}\n', r'bad\.json: line 2: expected an object with a "tokens" list'),
        ('{"tokens": ["a"]}\n{"tokens": ["b"\n', r"bad\.json: line 2: invalid JSON"),
        ('[{"tokens": ["a", "b"], "entities": [{"type": "X", "start": 0, "end": 1}],'
         ' "relations": [{"type": "R", "head": 0, "tail": 3}]}]', r"element 0 \(line 1\): relation .* has tail 3"),
        ('[{"tokens": ["a"], "entities": [{"type": "X", "start": "0", "end": 1}]}]', r'entities as \{"type": str'),
        ('[{"tokens": ["a"], "relations": [{"label": "R", "head": 0, "tail": 0}]}]', r'relations as \{"type": str'),
        ('[{"tokens": [], "entities": [{"type": "X", "start": 0, "end": 1}]}]',
         "non-empty list of non-empty word strings"),
    ],
)
def test_broken_files_name_file_line_and_expectation(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(ValueError, match=message):
        list(reader().read(path))


@pytest.mark.parametrize(
    "content, line",
    [
        (b'[{"tokens": ["a"]},\n{"tokens": ["caf\xe9"]}]', 2),  # Latin-1, not UTF-8: a JSON array
        (b'{"tokens": ["a"]}\r\n\r\n{"tokens": ["\xff"]}\r\n', 3),  # JSON lines, CRLF
    ],
)
def test_a_file_that_is_not_utf8_names_file_and_line(tmp_path, content, line):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=rf"bad\.json: line {line}: expected UTF-8 text"):
        list(reader().read(path))


@pytest.mark.parametrize(
    "options, message",
    [
        ({"overlap_policy": "merge"}, "overlap_policy: expected one of 'keep_longest', 'keep_first', 'relation_arguments_first', got 'merge'"),
        ({"holdout_fraction": 1.5}, r"holdout_fraction: expected a fraction in \(0, 1\), got 1\.5"),
    ],
)
def test_bad_base_options_fail_at_construction(options, message):
    with pytest.raises(ConfigurationError, match=f"^{message}$"):
        reader(**options)


def test_exact_duplicate_entities_and_relations_are_merged_and_counted(tmp_path):
    path = tmp_path / "duplicates.json"
    path.write_text('[{"tokens": ["Ann", "in", "Rome"], "entities": [{"type": "Peop", "start": 0, "end": 1}, '
                    '{"type": "Loc", "start": 2, "end": 3}, {"type": "Peop", "start": 0, "end": 1}], "relations": '
                    '[{"type": "Live_In", "head": 0, "tail": 1}, {"type": "Live_In", "head": 2, "tail": 1}]}]')
    r = reader()
    (instance,) = list(r.read(path))
    sentence = instance["metadata"]["sentence"]
    assert sentence.entities == [Entity(0, 1, "Peop"), Entity(2, 3, "Loc")]
    assert sentence.relations == [Relation(0, 1, "Live_In")]
    assert nonzero(r.counts) == {"sentences": 1, "entities": 2, "relations": 1, "duplicate_entities_merged": 1,
                                 "duplicate_relations_merged": 1}


def test_conll04_test_split_counts():
    path = shared_file("conll04/spert-json/conll04_test.json")
    r = reader()
    instances = list(r.read(path))
    assert (r.counts["sentences"], r.counts["entities"], r.counts["relations"]) == (288, 1079, 422)
    assert r.counts["entities_not_encoded"] == 0 and r.counts["relations_without_target"] == 0
    assert len(instances) == 288


def test_ade_overlaps_are_counted_not_dropped():
    path = shared_file("ade/spert-json/ade_full.json")
    r = reader()
    count = sum(1 for _ in r.read(path))
    assert count == 4272
    assert (r.counts["entities"], r.counts["relations"]) == (5063 + 5776, 6821)
    # the file has 120 pairs of overlapping entities, in 119 sentences: one entity of each is not encoded
    assert r.counts["entities_not_encoded"] == 120
    assert r.counts["relations_without_target"] == 194  # 153 with overlap_policy="keep_first"


def test_a_relation_of_an_entity_with_itself_is_counted_as_untrainable(tmp_path):
    path = tmp_path / "self.json"
    path.write_text('[{"tokens": ["a", "b"], "entities": [{"type": "X", "start": 0, "end": 1}],'
                    ' "relations": [{"type": "R", "head": 0, "tail": 0}]}]')
    r = reader()
    (instance,) = list(r.read(path))
    assert r.counts["relations_without_target"] == 1
    assert instance["relations"].indices == []
    assert len(instance["metadata"]["sentence"].relations) == 1  # still in the evaluation gold


def test_holdout_and_rest_partition_a_file_deterministically():
    path = str(FIXTURES / "conll04_like.json")
    holdout = [i["metadata"]["sentence"].words for i in reader(holdout_fraction=0.25).read(path + "#holdout")]
    rest = [i["metadata"]["sentence"].words for i in reader(holdout_fraction=0.25).read(path + "#rest")]
    everything = [i["metadata"]["sentence"].words for i in reader().read(path)]
    assert len(holdout) == 3 and len(rest) == 9
    assert sorted(holdout + rest) == sorted(everything)
    assert holdout == [i["metadata"]["sentence"].words for i in reader(holdout_fraction=0.25).read(path + "#holdout")]
    other_seed = [i["metadata"]["sentence"].words for i in reader(holdout_fraction=0.25, holdout_seed=1).read(path + "#holdout")]
    assert other_seed != holdout


def test_holdout_keeps_documents_together():
    sentences = [Sentence([w], document=d) for w, d in zip("abcdef", "AABBBC")]
    r = reader(holdout_fraction=0.34)  # one of the three documents
    holdout = r._part(sentences, ("holdout", 0, 0), "x.json#holdout")
    assert {s.document for s in holdout} in ({"A"}, {"B"}, {"C"})
    assert len(holdout) == sum(1 for s in sentences if s.document == holdout[0].document)
    assert r.counts["sentences_left_out_of_the_holdout_part"] == 6 - len(holdout)


def test_only_the_two_holdout_suffixes_are_special(tmp_path):
    with pytest.raises(ValueError, match=r"#dev: no such file"):  # a typo is a missing file, never the whole file read
        list(reader().read(str(FIXTURES / "conll04_like.json") + "#dev"))
