"""Subcommands the plugin adds to the ``allennlp`` CLI."""
from joint_ner_re.commands.corpus_stats import CorpusStats
from joint_ner_re.commands.tune_threshold import TuneThreshold
from joint_ner_re.commands.extract import Extract
from joint_ner_re.commands.model_card import ModelCard
from joint_ner_re.commands.cross_validate import CrossValidate
from joint_ner_re.commands.attention import Attention
