"""``allennlp attention``: word pieces merged into words by hand-worked numbers, and the export on the tiny encoder."""
import argparse
import json

import pytest
import torch
from allennlp.commands.train import train_model_from_file

from joint_ner_re.commands.attention import _run, word_attention
from tests.conftest import CONFIG


def test_pieces_merge_into_words_summed_over_the_attended_and_averaged_over_the_attending():
    # pieces: [CLS] a b1 b2 [SEP]; words: a = (1, 1), b = (2, 3)
    pieces = torch.tensor([[
        [0.2, 0.2, 0.2, 0.2, 0.2],
        [0.1, 0.4, 0.2, 0.2, 0.1],  # from a
        [0.0, 0.5, 0.1, 0.3, 0.1],  # from b1
        [0.2, 0.1, 0.3, 0.3, 0.1],  # from b2
        [0.2, 0.2, 0.2, 0.2, 0.2],
    ]])
    words = word_attention(pieces, [(1, 1), (2, 3)])
    expected = torch.tensor([[[0.4, 0.4], [(0.5 + 0.1) / 2, (0.4 + 0.6) / 2]]])
    assert torch.allclose(words, expected)
    # a word without pieces gets a row and a column of zeros
    assert torch.equal(word_attention(pieces, [(1, 1), None, (2, 3)])[0, 1], torch.zeros(3))


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    run = tmp_path_factory.mktemp("attention") / "run"
    train_model_from_file(str(CONFIG), str(run), overrides=json.dumps({"trainer.num_epochs": 1}))
    return str(run / "model.tar.gz")


def _arguments(archive, out, **options):
    return argparse.Namespace(**{"archive_file": archive, "sentence": "Maria Lopez works for Acme Corp in Boston.",
                                 "output_dir": str(out), "layers": None, "heads": None, "html": False, **options})


def test_heat_maps_of_the_chosen_layers_and_heads_with_words_on_the_axes(archive, tmp_path):
    _run(_arguments(archive, tmp_path, layers="0,1", heads="1", html=True))
    assert sorted(p.name for p in tmp_path.glob("*.png")) == ["layer0_head1.png", "layer1_head1.png"]
    import matplotlib.image

    assert matplotlib.image.imread(tmp_path / "layer0_head1.png").shape[2] in (3, 4)
    saved = json.loads((tmp_path / "attention.json").read_text())
    assert saved["words"] == ["Maria", "Lopez", "works", "for", "Acme", "Corp", "in", "Boston", "."]
    matrix = torch.tensor(saved["layer,head"]["0,1"])
    assert matrix.shape == (9, 9) and bool((matrix >= 0).all()) and bool((matrix.sum(dim=1) <= 1 + 1e-6).all())
    page = (tmp_path / "attention.html").read_text()
    assert "Boston" in page and "<script" in page


def test_by_default_every_head_of_the_last_layer_and_a_clear_error_for_a_layer_that_is_not_there(archive, tmp_path):
    _run(_arguments(archive, tmp_path))
    layers = json.loads((tmp_path / "attention.json").read_text())["layer,head"]
    assert len(layers) >= 2 and {key.split(",")[0] for key in layers} == {str(max(int(k.split(",")[0]) for k in layers))}
    with pytest.raises(SystemExit, match=r"--layers: expected numbers from 0 to \d+, got \[99\]"):
        _run(_arguments(archive, tmp_path, layers="99"))
