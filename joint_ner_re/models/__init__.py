from joint_ner_re.models.joint_ner_re import JointNerRe
