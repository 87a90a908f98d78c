"""Every corpus config evaluates, carries the paper's Table A.3 settings, and builds its reader and model."""
import copy

import pytest
from allennlp.common import Params
from allennlp.data import DatasetReader, Vocabulary
from allennlp.models import Model

from tests.conftest import ROOT, SHARED_DATA, TINY_BERT, shared_file

TABLE_A3 = {  # epochs, batch size, learning rate, encoder
    "ace04": (15, 16, 2e-5, "bert-base-cased"),
    "ace05": (15, 32, 3e-5, "bert-base-cased"),
    "conll04": (10, 16, 3e-5, "bert-base-cased"),
    "ade": (7, 16, 2e-5, "dmis-lab/biobert-base-cased-v1.1"),
    "i2b2": (12, 16, 2e-5, "bionlp/bluebert_pubmed_mimic_uncased_L-12_H-768_A-12"),
}
EVERY_CONFIG = sorted(
    str(path.relative_to(ROOT / "training_config").with_suffix("")) for path in (ROOT / "training_config").rglob("*.jsonnet")
)


def _tiny_vocab():
    """One entity type and one relation type: enough to build any config's model."""
    vocab = Vocabulary()
    vocab.add_tokens_to_namespace(["O", "B-X", "E-X", "S-X"], "entity_tags")
    vocab.add_tokens_to_namespace(["R"], "relation_labels")
    return vocab


def load(name, **env):
    ext_vars = {"JNR_ENCODER": "", "JNR_DATA": str(SHARED_DATA), "JNR_FOLD": "", **env}
    return Params.from_file(str(ROOT / "training_config" / f"{name}.jsonnet"), ext_vars=ext_vars).as_dict()


@pytest.mark.parametrize("name", sorted(TABLE_A3))
def test_table_a3_settings_and_the_paper_encoder(name):
    config = load(name)
    epochs, batch_size, lr, encoder = TABLE_A3[name]
    assert config["trainer"]["num_epochs"] == epochs
    assert config["data_loader"]["batch_size"] == batch_size
    assert config["trainer"]["optimizer"]["lr"] == lr
    assert config["model"]["embedder"]["token_embedders"]["tokens"]["model_name"] == encoder
    assert config["dataset_reader"]["token_indexers"]["tokens"]["model_name"] == encoder
    assert config["trainer"]["callbacks"][0] == {"type": "entity_pretraining"}


@pytest.mark.parametrize("name", EVERY_CONFIG)
def test_one_variable_swaps_the_encoder_and_the_components_build(name):
    config = load(name, JNR_ENCODER=str(TINY_BERT), JNR_FOLD="3")
    assert config["model"]["embedder"]["token_embedders"]["tokens"]["model_name"] == str(TINY_BERT)
    if name.split("_")[0] in ("ace04", "ade", "i2b2"):  # cross-validation: the fold and a held-out validation part of its training data
        assert "3" in config["test_data_path"] and config["validation_data_path"].endswith("#holdout")
        assert config["train_data_path"] == config["validation_data_path"].replace("#holdout", "#rest")
    DatasetReader.from_params(Params(config["dataset_reader"]))
    vocab = _tiny_vocab()
    Model.from_params(vocab=vocab, params=Params(config["model"]))


def test_ade_fold_and_validation_split_read_from_the_shared_data():
    shared_file("ade/spert-json/ade_split_2_train.json")
    config = load("ade_spert_folds", JNR_ENCODER=str(TINY_BERT), JNR_FOLD="2")
    reader = DatasetReader.from_params(Params(config["dataset_reader"]))
    sizes = {part: sum(1 for _ in reader.read(config[f"{part}_data_path"])) for part in ("train", "validation", "test")}
    assert sizes == {"train": 3845 - 384, "validation": 384, "test": 427}  # round(0.1 x 3845) = 384


def test_ade_under_the_paper_protocol_tiles_the_file_less_the_overlapping_relations():
    shared_file("ade/original/DRUG-AE.rel")
    relations, documents = 0, []
    for fold in range(10):
        config = load("ade", JNR_ENCODER=str(TINY_BERT), JNR_FOLD=str(fold))
        reader = DatasetReader.from_params(Params(config["dataset_reader"]))
        test = [i["metadata"]["sentence"] for i in reader.read(config["test_data_path"])]
        relations += sum(len(s.relations) for s in test)
        documents.append({s.document for s in test})
        if fold == 0:
            train = {i["metadata"]["sentence"].document for i in reader.read(config["train_data_path"])}
            validation = {i["metadata"]["sentence"].document for i in reader.read(config["validation_data_path"])}
            assert not (train & validation) and not (train | validation) & documents[0]
            assert round(len(validation) / len(train | validation), 2) == 0.1
    assert relations == 6682  # the paper's count after its overlap removal, each relation in exactly one test fold
    assert all(a.isdisjoint(b) for i, a in enumerate(documents) for b in documents[i + 1:])


def test_parameter_groups_split_encoder_and_everything_else_and_exempt_biases_from_decay():
    from allennlp.training.optimizers import make_parameter_groups

    config = load("conll04_minilm", JNR_ENCODER=str(TINY_BERT))
    # a model with every optional module, so that modules the regexes never name are covered too
    config["model"].update(
        entity_representation={"type": "span", "width_embedding_dim": 4}, pair_context={"type": "between"}
    )
    vocab = _tiny_vocab()
    model = Model.from_params(vocab=vocab, params=Params(config["model"]))
    optimizer = config["trainer"]["optimizer"]
    groups = make_parameter_groups(list(model.named_parameters()), optimizer["parameter_groups"])
    settings = {}
    for group in groups:
        for parameter in group["params"]:
            settings[id(parameter)] = (group.get("lr", optimizer["lr"]), group.get("weight_decay", optimizer["weight_decay"]))
    for name, parameter in model.named_parameters():
        lr, decay = settings[id(parameter)]
        assert lr == (1e-4 if name.startswith("embedder.") else 1e-3), name
        assert decay == (0.0 if name.endswith(("bias", "LayerNorm.weight")) else 0.1), name
    names = [name for name, _ in model.named_parameters()]
    assert any(n.startswith("pair_scorer.") for n in names) and any(n.startswith("entity_representation.") for n in names)



def _ablation_model(name):
    config = load(f"ablations/conll04_minilm_{name}", JNR_ENCODER=str(TINY_BERT))
    vocab = _tiny_vocab()
    return config, Model.from_params(vocab=vocab, params=Params(copy.deepcopy(config["model"])))


def test_each_ablation_config_builds_the_full_model_less_one_part():
    import torch

    full_config, full = _ablation_model("full")
    paper = load("conll04", JNR_ENCODER=str(TINY_BERT))
    # the full model is the paper's model and protocol: only the schedule and the epochs differ
    assert full_config["model"] == paper["model"]
    assert full_config["train_data_path"] == paper["train_data_path"] and "validation_data_path" not in full_config
    assert full.relation_candidates == "end_tags" and full.entity_embedding is not None and not full.gold_entities
    assert full.head_ffnn is not full.tail_ffnn and full.pair_scorer.bilinear is not None
    assert [c["type"] for c in full_config["trainer"]["callbacks"]] == ["entity_pretraining", "console_logger"]

    config, _ = _ablation_model("no_entity_pretraining")
    assert [c["type"] for c in config["trainer"]["callbacks"]] == ["console_logger"]
    assert _ablation_model("no_entity_embeddings")[1].entity_embedding is None
    shared = _ablation_model("shared_ffnn")[1]
    assert shared.head_ffnn is shared.tail_ffnn
    none = _ablation_model("no_head_tail_ffnn")[1]
    assert isinstance(none.head_ffnn, torch.nn.Identity) and isinstance(none.tail_ffnn, torch.nn.Identity)
    assert _ablation_model("no_bilinear")[1].pair_scorer.bilinear is None
    assert _ablation_model("gold_entities")[1].gold_entities
    for name in ("no_entity_pretraining", "no_entity_embeddings", "shared_ffnn", "no_head_tail_ffnn", "no_bilinear",
                 "gold_entities"):  # nothing else differs from the full model's config
        config, _ = _ablation_model(name)
        assert {k: v for k, v in config.items() if k not in ("model", "trainer")} == {
            k: v for k, v in full_config.items() if k not in ("model", "trainer")}


def test_weight_averaging_is_off_in_the_paper_configs_and_one_knob_turns_it_on(tmp_path):
    assert all("moving_average" not in load(name)["trainer"] for name in TABLE_A3)
    config = tmp_path / "averaged.jsonnet"
    config.write_text(f"(import '{ROOT}/training_config/conll04.jsonnet') + {{ weight_average_decay:: 0.995 }}")
    params = Params.from_file(str(config), ext_vars={"JNR_ENCODER": "", "JNR_DATA": "", "JNR_FOLD": ""}).as_dict()
    assert params["trainer"]["moving_average"] == {"type": "fused_exponential", "decay": 0.995}


@pytest.mark.parametrize("name", ["conll04_minilm", "scienceie_minilm", "ade_minilm"])
def test_the_recipe_shortens_entity_pretraining(name):  # the paper configs keep one epoch (Table A.3 test above)
    assert load(name)["trainer"]["callbacks"][0] == {"type": "entity_pretraining", "epochs": 0.2}


def test_the_recipe_puts_relation_arguments_first_and_a_readers_own_policy_wins(tmp_path):
    assert all("overlap_policy" not in load(name)["dataset_reader"] for name in TABLE_A3)  # the readers' default
    for name in ("conll04_minilm", "scienceie_minilm", "ade_minilm"):
        assert load(name)["dataset_reader"]["overlap_policy"] == "relation_arguments_first"
    config = tmp_path / "own_policy.jsonnet"
    config.write_text(f"(import '{ROOT}/training_config/scienceie_minilm.jsonnet') + "
                      "{ reader+:: { overlap_policy: 'keep_first' } }")
    params = Params.from_file(str(config), ext_vars={"JNR_ENCODER": "", "JNR_DATA": "", "JNR_FOLD": ""}).as_dict()
    assert params["dataset_reader"]["overlap_policy"] == "keep_first"
