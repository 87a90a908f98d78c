"""Import-only stand-in for torchvision.

AllenNLP 2.10.1 imports ``torchvision`` and ``torchvision.ops.boxes`` at CLI start-up, but the PyPI torchvision
wheel is a CUDA build that fails next to CPU torch. This stub satisfies the imports; any real use raises.
It deliberately installs no ``torchvision`` dist-info, so transformers still sees torchvision as unavailable.
"""
from setuptools import setup

setup(name="jnr-torchvision-stub", version="0.0.1", packages=["torchvision", "torchvision.ops"])
