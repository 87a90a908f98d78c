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
    # allennlp==2.10.1 is deliberately not declared: its own pins (torch<1.13, transformers<4.21) make pip's
    # resolver fail on Python 3.11, so it is installed with --no-deps (docs/installation.md); importing the plugin
    # without it stops with a message saying so. These are what the plugin itself needs, in ranges that also fit an
    # existing AllenNLP environment; requirements.txt pins the set tested on Python 3.11.
    install_requires=[
        "torch>=1.10",
        "transformers>=4.1,<4.50",  # 4.50 removed transformers.AdamW, which allennlp imports
        "huggingface_hub<1.0",  # allennlp imports HfFolder and Repository at start-up
        "spacy>=3.0,<4",
        "jsonnet>=0.10",  # provides _jsonnet; without it allennlp silently reads configs as plain JSON
    ],
    # benchmark: the plots of benchmarks/scaling.py (its test draws them too)
    extras_require={"test": ["pytest", "hypothesis", "playwright", "matplotlib"], "benchmark": ["matplotlib"],
                    "attention": ["matplotlib", "bertviz"]},
    # nlp.add_pipe("joint_ner_re", config={"archive": ...}) finds the component without an import
    py_modules=["joint_ner_re_spacy"],  # the light spaCy entry point, outside the package (see the module)
    entry_points={"spacy_factories": ["joint_ner_re = joint_ner_re_spacy:make_joint_ner_re"]},
    license="Apache-2.0",
)
