"""Shims that let AllenNLP 2.10.1 run on Python 3.11 with torch 2.x and transformers 4.49.

Imported first by the package ``__init__`` so that they are in place before any component is built.
Only behaviour that breaks *after* the plugin is imported can be fixed here; import-time breakage is
handled by the pins in requirements.txt and the torchvision stub in compat/.
"""
import functools
import os
import warnings

try:
    from allennlp.common import cached_transformers
except ImportError as error:  # pip cannot install allennlp 2.10.1 as a dependency on Python >= 3.10 (its pins)
    raise ImportError(
        f"joint_ner_re needs allennlp 2.10.1, which could not be imported ({error}). Install it without its "
        "declared pins, which do not resolve on current Python: pip install --no-deps allennlp==2.10.1, plus "
        "the packages it imports (requirements.txt lists a tested set); `make install` does all of it."
    ) from error

# The configs read JNR_ENCODER (encoder name or path), JNR_DATA (corpus folder) and JNR_FOLD (cross-validation
# fold) from the environment, which AllenNLP hands to Jsonnet as external variables; an empty value means the
# config's own default (the paper's encoder, ../shared/data, fold 0). Defining them here, before any config is
# evaluated, lets `allennlp train training_config/X.jsonnet` work with none of them set.
for _name in ("JNR_ENCODER", "JNR_DATA", "JNR_FOLD"):
    os.environ.setdefault(_name, "")


def _encoder_folder_error(model_name) -> Exception:
    return FileNotFoundError(
        f"{model_name}: no such encoder folder (expected a folder holding the encoder's config.json and tokenizer "
        "files, as JNR_ENCODER or the config's model_name give it)"
    )


def _missing_folder(model_name) -> bool:
    """An encoder named by a path (``/``, ``./``, ``../``, ``~``) that is no folder: the hub's 'Incorrect
    path_or_model_id' or a download attempt would follow; a clear error is said instead."""
    name = str(model_name)
    return name.startswith(("/", "./", "../", "~")) and not os.path.isdir(os.path.expanduser(name))


def _clear_when_missing(load, model_name, *args, **kwargs):
    """``load`` (which answers from its cache first), with a missing encoder folder said clearly."""
    try:
        return load(model_name, *args, **kwargs)
    except (OSError, ValueError) as error:
        if _missing_folder(model_name):
            raise _encoder_folder_error(model_name) from error
        raise


def _drop_add_special_tokens(get_tokenizer):
    """transformers >= 4.44 rejects the ``add_special_tokens`` kwarg that AllenNLP passes to from_pretrained."""

    @functools.wraps(get_tokenizer)
    def wrapper(model_name, **kwargs):
        kwargs.pop("add_special_tokens", None)
        return _clear_when_missing(get_tokenizer, model_name, **kwargs)

    wrapper._jnr_shim = True
    return wrapper


def _checked(get):
    @functools.wraps(get)
    def wrapper(model_name, *args, **kwargs):
        return _clear_when_missing(get, model_name, *args, **kwargs)

    wrapper._jnr_shim = True
    return wrapper


if not getattr(cached_transformers.get_tokenizer, "_jnr_shim", False):
    cached_transformers.get_tokenizer = _drop_add_special_tokens(cached_transformers.get_tokenizer)
if not getattr(cached_transformers.get, "_jnr_shim", False):
    cached_transformers.get = _checked(cached_transformers.get)

warnings.filterwarnings("ignore", message=r".*torch\.cuda\.amp\.autocast.*", category=FutureWarning)

# Archives carry their local encoder folders and a model card, and loading one never runs code from it.
from joint_ner_re import archive as _archive  # noqa: E402

_archive.install()
