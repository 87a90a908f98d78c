"""joint_ner_re: joint named entity recognition and relation extraction for AllenNLP (Giorgi et al., 2019)."""
import joint_ner_re._compat  # noqa: F401  (must run before any component is built)
from joint_ner_re.data import Entity, Relation, Sentence
from joint_ner_re.dataset_readers import SentenceReader, SpertJsonReader
from joint_ner_re.metrics import JointNerReF1
from joint_ner_re.models import JointNerRe
from joint_ner_re.predictors import JointNerRePredictor
from joint_ner_re.training import EntityPretraining, LinearWarmupDecay
from joint_ner_re.commands import CorpusStats
from joint_ner_re.writers import to_spert, write_spert_json
