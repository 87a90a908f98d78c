"""Archives that travel, describe themselves, and never run code when loaded.

AllenNLP's ``model.tar.gz`` holds the config, the weights and the vocabulary, but the encoder only as the name the
config gave it. Every model here is trained from a local encoder folder (``JNR_ENCODER``, ``fixtures/tiny_bert``),
so the archive stops loading once that folder is moved or deleted, or on another machine. This module changes three
steps of AllenNLP at call time, so that ``allennlp train``, ``evaluate``, ``predict`` and the Python API need no
other command or option:

* **archiving** (``archive_model``): every encoder named by a local folder travels in the archive, under
  ``encoders/N/`` (its top-level files without the pretrained weights, which ``weights.th`` holds fine-tuned
  anyway), with ``encoders/encoders.json`` mapping the folder to its copy; and a **model card**
  (``model_card.json``: encoder, data, labels, metrics of every split, the command, versions), which
  ``allennlp model-card ARCHIVE`` shows.
* **loading** (``load_archive``): the config read from an archive that carries encoders names the carried copies
  instead of the original folders (the embedder then builds the encoder from its config alone:
  ``load_weights: false``), so loading needs neither the folder nor the Hugging Face hub.
* **safety**: the archive is unpacked with tarfile's ``data`` filter (no absolute paths, no ``..``, no links out
  of the folder, no device files), and weights are read with ``torch.load(weights_only=True)``: a ``weights.th``
  whose pickle asks for anything but tensors and plain containers is refused with a message that says so, never
  run.
"""
import contextlib
import datetime
import functools
import hashlib
import io
import json
import logging
import os
import pickle
import platform
import shlex
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import torch
from allennlp.common import Params
from allennlp.models import archival
from allennlp.nn import util as nn_util

logger = logging.getLogger(__name__)

ENCODERS_DIR = "encoders"
ENCODERS_INDEX = "encoders.json"
CARD_NAME = "model_card.json"
# the pretrained weights of an encoder folder: not carried (weights.th holds the fine-tuned encoder)
_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".h5", ".msgpack", ".ckpt", ".onnx", ".ot", ".pt", ".pth", ".index.json")
_TAG_NAMESPACE, _RELATION_NAMESPACE = "entity_tags", "relation_labels"


# ---------------------------------------------------------------------------------------------------- archiving


def _model_names(node: Any, path: Tuple[str, ...] = ()) -> Iterator[Tuple[Tuple[str, ...], str]]:
    """(where, value) of every ``model_name`` in a config (indexers, embedders), depth first."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "model_name" and isinstance(value, str):
                yield path, value
            else:
                yield from _model_names(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _model_names(value, path + (str(index),))


def _carry_encoders(serialization_dir: Path, config: Dict[str, Any]) -> Dict[str, str]:
    """Copy each local encoder folder the config names into ``encoders/N/``; the map folder -> copy."""
    folders = sorted({name for _, name in _model_names(config) if os.path.isdir(name)})
    carried: Dict[str, str] = {}
    for number, folder in enumerate(folders):
        target = serialization_dir / ENCODERS_DIR / str(number)
        target.mkdir(parents=True, exist_ok=True)
        for file in sorted(Path(folder).iterdir()):
            if file.is_file() and not file.name.endswith(_WEIGHT_SUFFIXES):
                shutil.copy2(file, target / file.name)
        carried[folder] = f"{ENCODERS_DIR}/{number}"
    if carried:
        (serialization_dir / ENCODERS_DIR / ENCODERS_INDEX).write_text(json.dumps(carried, indent=2) + "\n")
    return carried


def _archive_model(original, serialization_dir, weights=archival._DEFAULT_WEIGHTS, archive_path=None,
                   include_in_archive=None):
    """``archival.archive_model``, plus the carried encoders and the model card."""
    folder = Path(serialization_dir)
    config = json.loads((folder / archival.CONFIG_NAME).read_text(encoding="utf-8"))
    weights_file = Path(weights) if Path(weights).is_absolute() else folder / weights
    if not weights_file.exists() and (config.get("distributed") or {}).get("num_nodes", 1) > 1:
        # `allennlp train --node-rank N` archives on every node, but only the primary node (rank 0) saves weights
        logger.info("%s: no %s on this node; the primary node's archive holds the model", folder, weights)
        return None
    shutil.rmtree(folder / ENCODERS_DIR, ignore_errors=True)
    carried = _carry_encoders(folder, config)
    card = model_card(folder, config, carried)
    (folder / CARD_NAME).write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    extra = [name for name in (ENCODERS_DIR if carried else None, CARD_NAME) if name]
    include = list(include_in_archive or []) + [name for name in extra if name not in (include_in_archive or [])]
    try:
        return original(serialization_dir, weights=weights, archive_path=archive_path, include_in_archive=include)
    finally:
        shutil.rmtree(folder / ENCODERS_DIR, ignore_errors=True)  # the copies live in the archive only


# ---------------------------------------------------------------------------------------------------- the card


def model_card(serialization_dir: Path, config: Dict[str, Any], carried: Dict[str, str]) -> Dict[str, Any]:
    """What the archive is: encoder, data, labels, metrics of every split, the command that trained it, versions."""
    metrics_file = serialization_dir / "metrics.json"
    metrics = json.loads(metrics_file.read_text()) if metrics_file.is_file() else {}
    splits: Dict[str, Dict[str, Any]] = {}
    for prefix, split in (("training_", "train"), ("best_validation_", "validation"), ("test_", "test")):
        values = {key[len(prefix):]: value for key, value in metrics.items() if key.startswith(prefix)}
        if values:
            splits[split] = values
    reader = {k: v for k, v in config.get("dataset_reader", {}).items() if k != "token_indexers"}
    return {
        "model": config.get("model", {}).get("type"),
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "encoder": _encoder_card(config, carried),
        "data": {
            "reader": reader,
            **{split: _data_card(config.get(f"{split}_data_path")) for split in ("train", "validation", "test")},
        },
        "labels": {
            "entity_types": sorted({tag.split("-", 1)[1] for tag in _vocabulary(serialization_dir, _TAG_NAMESPACE)
                                    if "-" in tag}),
            "relation_types": _vocabulary(serialization_dir, _RELATION_NAMESPACE),
        },
        "metrics": {"best_epoch": metrics.get("best_epoch"), **splits},
        "seed": config.get("random_seed"),
        "command": {"argv": shlex.join(sys.argv), "cwd": os.getcwd()},
        "versions": _versions(),
    }


def _encoder_card(config: Dict[str, Any], carried: Dict[str, str]) -> Dict[str, Any]:
    embedders = [name for _, name in _model_names(config.get("model", {}))]
    name = embedders[0] if embedders else None
    card: Dict[str, Any] = {"model_name": name, "carried_in_archive": name in carried}
    config_file = Path(name) / "config.json" if name and os.path.isdir(name) else None
    if config_file is not None and config_file.is_file():
        encoder = json.loads(config_file.read_text())
        card.update({key: encoder.get(key) for key in ("model_type", "hidden_size", "num_hidden_layers",
                                                          "vocab_size", "_name_or_path")})
    return card


def _data_card(path: Any) -> Optional[Dict[str, Any]]:
    if path is None:
        return None
    card: Dict[str, Any] = {"path": path}
    local = Path(str(path).rpartition("#")[0] if "#" in str(path) else str(path))
    if local.is_file():
        digest = hashlib.sha256()
        with open(local, "rb") as handle:
            for block in iter(functools.partial(handle.read, 1 << 20), b""):
                digest.update(block)
        card.update({"bytes": local.stat().st_size, "sha256": digest.hexdigest()})
    elif local.is_dir():
        card["files"] = sum(1 for file in local.rglob("*") if file.is_file())
    return card


def _vocabulary(serialization_dir: Path, namespace: str) -> List[str]:
    file = serialization_dir / "vocabulary" / f"{namespace}.txt"
    return [line for line in file.read_text(encoding="utf-8").splitlines() if line] if file.is_file() else []


def _versions() -> Dict[str, Optional[str]]:
    from importlib import metadata

    def version(package: str) -> Optional[str]:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return None

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=Path(__file__).resolve().parent, capture_output=True, text=True,
            timeout=10,
        ).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {
        "joint_ner_re": version("joint_ner_re"), "joint_ner_re_commit": commit, "allennlp": version("allennlp"),
        "torch": torch.__version__, "transformers": version("transformers"), "python": platform.python_version(),
    }


def read_card(archive_file: str) -> Dict[str, Any]:
    """The model card of an archive (``model.tar.gz`` or its unpacked folder); ValueError where it has none."""
    path = Path(archive_file)
    if path.is_dir():
        card = path / CARD_NAME
        if card.is_file():
            return json.loads(card.read_text(encoding="utf-8"))
    else:
        with tarfile.open(path, "r:gz") as archive:
            try:
                member = archive.extractfile(CARD_NAME)
            except KeyError:
                member = None
            if member is not None:
                return json.loads(member.read().decode("utf-8"))
    raise ValueError(f"{archive_file}: no {CARD_NAME} in this archive (expected an archive made by `allennlp train` "
                     "with joint_ner_re loaded)")


def set_model_options(archive_file: str, options: Dict[str, Any]) -> None:
    """Write ``options`` into the ``model`` block of an archive's ``config.json`` (e.g. the relation threshold that
    ``allennlp tune-threshold --write-to-archive`` chose), so that every later load uses them; the model card lists
    them under ``model_options_set_after_training`` (its metrics were computed without them). The archive is
    rewritten member by member beside itself and then replaces it: an interrupted rewrite leaves it as it was."""
    path = Path(archive_file)
    partial = path.with_name(path.name + ".partial")
    with tarfile.open(path, "r:gz") as source, tarfile.open(partial, "w:gz") as target:
        found = False
        for member in source:
            content = source.extractfile(member) if member.isfile() else None
            name = member.name[2:] if member.name.startswith("./") else member.name
            if name in ("config.json", CARD_NAME):
                record = json.loads(content.read().decode("utf-8"))
                if name == "config.json":
                    record["model"].update(options)
                    found = True
                else:
                    record.setdefault("model_options_set_after_training", {}).update(options)
                data = json.dumps(record, indent=4).encode("utf-8")
                member.size, content = len(data), io.BytesIO(data)
            target.addfile(member, content)
    if not found:
        partial.unlink()
        raise ValueError(f"{archive_file}: no config.json in this archive (expected an AllenNLP model.tar.gz)")
    os.replace(partial, path)


# ---------------------------------------------------------------------------------------------------- loading


def _with_carried_encoders(config: Params, serialization_dir: str) -> Params:
    """The config with each carried encoder's folder replaced by its copy in the unpacked archive; the model's
    transformer embedders then build the encoder from its config (``load_weights: false``): the weights come from
    ``weights.th``."""
    index = Path(serialization_dir) / ENCODERS_DIR / ENCODERS_INDEX
    if not index.is_file():
        return config
    carried = json.loads(index.read_text())

    def replace(node: Any, in_model: bool) -> Any:
        if isinstance(node, list):
            return [replace(value, in_model) for value in node]
        if not isinstance(node, dict):
            return node
        node = {key: replace(value, in_model or key == "model") for key, value in node.items()}
        name = node.get("model_name")
        if isinstance(name, str) and name in carried:
            node["model_name"] = os.path.join(serialization_dir, carried[name])
            if in_model and str(node.get("type", "")).startswith("pretrained_transformer"):
                node["load_weights"] = False
        return node

    return Params(replace(config.as_dict(quiet=True), False))


def _load_dataset_readers(original, config, serialization_dir):
    return original(_with_carried_encoders(config, serialization_dir), serialization_dir)


def _load_model(original, config, weights_path, serialization_dir, cuda_device):
    return original(_with_carried_encoders(config, serialization_dir), weights_path, serialization_dir, cuda_device)


# ---------------------------------------------------------------------------------------------------- safety


class UnsafeArchiveError(ValueError):
    """An archive asked for something that loading it must never do."""


def read_state_dict(path, strip_prefix=None, ignore=None, strict=True, cuda_device=-1):
    """``allennlp.nn.util.read_state_dict`` that reads with ``torch.load(weights_only=True)``: tensors and plain
    containers only, never code. (With ``strip_prefix`` or ``ignore``, which loading an archive does not use, the
    file is checked that way first and then read by AllenNLP's own function.)"""
    try:
        state = torch.load(path, map_location=nn_util.device_mapping(cuda_device), weights_only=True)
    except pickle.UnpicklingError as error:
        reason = str(error).split("\n\n")[0].strip()
        raise UnsafeArchiveError(
            f"{path}: refused to load these weights: they are a pickle that asks for more than tensors "
            f"({reason[:300]}); expected a state dict of tensors, as `allennlp train` writes it. Loading never "
            "runs code from an archive; if you trust this file, convert it with torch.load(weights_only=False)."
        ) from None
    if strip_prefix is not None or ignore:
        return _ALLENNLP_READ_STATE_DICT(path, strip_prefix, ignore, strict, cuda_device)
    return state


_ALLENNLP_READ_STATE_DICT = nn_util.read_state_dict


@contextlib.contextmanager
def _safe_extracted_archive(resolved_archive_file, cleanup=True):
    """``archival.extracted_archive`` with tarfile's ``data`` filter: no member may land outside the folder."""
    import tempfile

    tempdir = None
    try:
        tempdir = tempfile.mkdtemp()
        with tarfile.open(resolved_archive_file, "r:gz") as archive:
            try:
                archive.extractall(tempdir, filter="data")
            except tarfile.FilterError as error:
                raise UnsafeArchiveError(
                    f"{resolved_archive_file}: refused to unpack: {error} (expected the members of a model archive: "
                    "config.json, weights.th, vocabulary/, encoders/, model_card.json, inside the archive's folder)"
                ) from None
        yield tempdir
    finally:
        if tempdir is not None and cleanup:
            shutil.rmtree(tempdir, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------- installing


def _wrapped(original, replacement):
    wrapper = functools.wraps(original)(functools.partial(replacement, original))
    wrapper._jnr_archive = True  # type: ignore[attr-defined]
    return wrapper


def install() -> None:
    """Put the steps above in place; idempotent. The ``allennlp`` CLI has imported its command modules (which bind
    ``archive_model`` and ``load_archive`` by name) before the plugin is loaded, so each step is replaced where it
    is looked up at call time: module globals of ``allennlp.models.archival`` and ``allennlp.commands.train``."""
    if getattr(archival.archive_model, "_jnr_archive", False):
        return
    archive_model = _wrapped(archival.archive_model, _archive_model)
    archival.archive_model = archive_model
    for module_name in ("allennlp.commands.train", "allennlp.models"):
        module = sys.modules.get(module_name)
        if module is not None and getattr(module, "archive_model", None) is not None:
            module.archive_model = archive_model
    archival._load_dataset_readers = _wrapped(archival._load_dataset_readers, _load_dataset_readers)
    archival._load_model = _wrapped(archival._load_model, _load_model)
    archival.extracted_archive = _safe_extracted_archive
    nn_util.read_state_dict = read_state_dict
