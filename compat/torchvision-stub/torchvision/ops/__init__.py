"""Import-only torchvision stub for AllenNLP on CPU torch (see compat/torchvision-stub/setup.py)."""


def __getattr__(name):
    raise ImportError(f"torchvision.{name} is not available: this is joint_ner_re's import-only stub")
