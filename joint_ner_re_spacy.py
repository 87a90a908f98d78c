"""spaCy's entry point for the ``joint_ner_re`` pipeline component (setup.py, ``spacy_factories``).

spaCy imports every registered factory whenever it builds a pipeline, ``spacy.blank("en")`` included. This module
is therefore light on purpose and lives outside the package: AllenNLP, torch and the plugin are imported only when
the component is created. The component itself is ``joint_ner_re.spacy_component.JointNerReComponent``.
"""
from spacy.language import Language


@Language.factory(
    "joint_ner_re",
    assigns=["doc.ents", "doc._.relations"],
    default_config={
        "cuda_device": -1, "batch_size": 32, "max_padded_words": 4096, "overwrite_ents": True,
        "line_breaks": "soft", "overrides": "",
    },
)
def make_joint_ner_re(
    nlp: Language,
    name: str,
    archive: str,
    cuda_device: int,
    batch_size: int,
    max_padded_words: int,
    overwrite_ents: bool,
    line_breaks: str,
    overrides: str,
):
    from joint_ner_re.spacy_component import JointNerReComponent

    return JointNerReComponent(
        nlp, name, archive, cuda_device, batch_size, max_padded_words, overwrite_ents, line_breaks, overrides
    )
