from joint_ner_re.metrics.joint_f1 import JointNerReF1
