from joint_ner_re.training.entity_pretraining import EntityPretraining
from joint_ner_re.training.fused_adamw import FusedAdamW
from joint_ner_re.training.linear_warmup_decay import LinearWarmupDecay
from joint_ner_re.training import reproducibility

reproducibility.install()
