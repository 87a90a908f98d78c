"""``allennlp attention ARCHIVE --sentence TEXT -o DIR``: the fine-tuned encoder's attention over a sentence, as the
paper's §4.3 shows it: one PNG heat map per layer and head, words on both axes, [CLS] and [SEP] removed.

The sentence is split into words as ``allennlp extract`` splits raw text, and the words into word pieces by the
archive's own tokenizer. Pieces are merged into words as Clark et al. (2019) merge them: the attention *to* a word is
the sum over its pieces, the attention *from* a word the mean over its pieces. Each row is the share of one word's
attention that goes to each word; the share that goes to [CLS] and [SEP] is left out, so rows sum to at most 1.
Layers and heads count from 0. ``DIR/attention.json`` holds the words and every drawn matrix; with ``--html``,
``DIR/attention.html`` is bertviz's interactive head view of every layer and head (``pip install bertviz``).
"""
import argparse
import json
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import torch
from allennlp.models.archival import load_archive

from joint_ner_re.commands.subcommands import register_subcommand, run_standalone
from joint_ner_re.documents import SentenceSplitter

Span = Optional[Tuple[int, int]]  # a word's first and last word piece (inclusive), None for a word without pieces


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("archive_file", help="a model.tar.gz")
    parser.add_argument("--sentence", required=True, help="the sentence (raw text)")
    parser.add_argument("-o", "--output-dir", required=True, help="where the PNGs (and attention.json/html) go")
    parser.add_argument("--layers", help="comma-separated layers to draw (default: the last)")
    parser.add_argument("--heads", help="comma-separated heads to draw (default: all)")
    parser.add_argument("--html", action="store_true", help="also write bertviz's interactive view")


def _indices(text: Optional[str], count: int, default: Sequence[int], what: str) -> List[int]:
    chosen = [int(part) for part in text.split(",")] if text else list(default)
    bad = [index for index in chosen if not 0 <= index < count]
    if bad:
        raise SystemExit(f"--{what}: expected numbers from 0 to {count - 1}, got {bad}")
    return chosen


def _run(args: argparse.Namespace) -> None:
    words, attentions = sentence_attention(args.archive_file, args.sentence)
    layers = _indices(args.layers, len(attentions), [len(attentions) - 1], "layers")
    heads = _indices(args.heads, attentions[0].size(0), range(attentions[0].size(0)), "heads")
    out = Path(args.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    drawn: Dict[str, List[List[float]]] = {}
    for layer in layers:
        for head in heads:
            matrix = attentions[layer][head]
            path = out / f"layer{layer}_head{head}.png"
            draw(words, matrix, f"layer {layer}, head {head}", path)
            drawn[f"{layer},{head}"] = matrix.tolist()
            print(path)
    (out / "attention.json").write_text(json.dumps({"words": words, "layer,head": drawn}) + "\n")
    if args.html:
        write_html(words, attentions, out / "attention.html")
        print(out / "attention.html")


Attention = register_subcommand(
    "attention", __doc__.split("\n\n", 1)[1], "Draw the fine-tuned encoder's attention over a sentence.",
    _add_arguments, _run,
)


def sentence_attention(archive_file: str, sentence: str) -> Tuple[List[str], List[torch.Tensor]]:
    """The sentence's words and, per layer, the (heads, words, words) word-level attention."""
    archive = load_archive(archive_file)
    document = SentenceSplitter().document(sentence, "sentence")
    words = [word for part in document.sentences for word in part.words]
    if not words:
        raise SystemExit("--sentence: expected at least one word")
    indexer = archive.dataset_reader._token_indexers["tokens"]
    tokenizer = indexer._allennlp_tokenizer  # the archive's own word-piece tokenizer
    pieces, spans = tokenizer.intra_word_tokenize(words)
    embedder = archive.model.embedder._token_embedders["tokens"]
    transformer = embedder._matched_embedder.transformer_model
    limit = transformer.config.max_position_embeddings
    if len(pieces) > limit:
        raise SystemExit(f"--sentence: {len(pieces)} word pieces, more than the encoder's window of {limit}; "
                         "attention is drawn over one window, give a shorter sentence")
    ids = torch.tensor([[piece.text_id for piece in pieces]])
    type_ids = torch.tensor([[piece.type_id or 0 for piece in pieces]])
    transformer.eval()
    with torch.inference_mode():
        output = transformer(input_ids=ids, token_type_ids=type_ids, attention_mask=torch.ones_like(ids),
                             output_attentions=True)
    return words, [word_attention(layer[0], spans) for layer in output.attentions]


def word_attention(pieces: torch.Tensor, spans: Sequence[Span]) -> torch.Tensor:
    """(heads, pieces, pieces) piece attention -> (heads, words, words): summed over the pieces of the word attended
    to, averaged over the pieces of the word attending; pieces outside every word ([CLS], [SEP]) are dropped."""
    merge = torch.zeros(pieces.size(-1), len(spans), dtype=pieces.dtype)
    for word, span in enumerate(spans):
        if span is not None:
            merge[span[0] : span[1] + 1, word] = 1.0
    summed_to = pieces @ merge  # (heads, pieces, words)
    sizes = merge.sum(dim=0).clamp(min=1.0)
    return (merge.t() @ summed_to) / sizes.unsqueeze(1)  # mean over the attending word's pieces


def draw(words: Sequence[str], matrix: torch.Tensor, title: str, path: Path) -> None:
    """A heat map: attending words down the side, attended words along the top."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    size = 1.2 + 0.42 * len(words)
    figure, axes = plt.subplots(figsize=(size + 1.2, size))
    image = axes.imshow(matrix.numpy(), cmap="Blues", vmin=0.0, vmax=max(float(matrix.max()), 1e-6))
    axes.set_xticks(range(len(words)), words, rotation=90)
    axes.set_yticks(range(len(words)), words)
    axes.xaxis.tick_top()
    axes.set_title(title, pad=12 + 5.5 * max(len(word) for word in words))
    figure.colorbar(image, ax=axes, fraction=0.046, pad=0.04)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write_html(words: Sequence[str], attentions: Sequence[torch.Tensor], path: Path) -> None:
    """bertviz's head view (every layer and head) as a standalone page."""
    try:
        from bertviz import head_view
    except ImportError:
        raise SystemExit("--html needs bertviz: pip install bertviz") from None
    view = head_view([layer.unsqueeze(0) for layer in attentions], list(words), html_action="return")
    path.write_text("<!DOCTYPE html>\n<meta charset='utf-8'>\n" + view.data)


if __name__ == "__main__":
    run_standalone("joint_ner_re.commands.attention", __doc__, _add_arguments, _run)
