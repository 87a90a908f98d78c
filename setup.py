"""joint_ner_re: an AllenNLP plugin for joint NER and relation extraction (Giorgi et al., 2019)."""
from setuptools import find_packages, setup

setup(
    name="joint_ner_re",
    version="0.1.0",
    description="Joint named entity recognition and relation extraction for AllenNLP (Giorgi et al., 2019)",
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    packages=find_packages(include=["joint_ner_re", "joint_ner_re.*"]),
    python_requires=">=3.8",
    # allennlp==2.10.1 is deliberately not declared: its own pins (torch<1.13) make pip's resolver fail on
    # Python 3.11. `make install` installs it with --no-deps next to requirements.txt.
    install_requires=[],
    license="Apache-2.0",
)
