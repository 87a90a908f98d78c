from joint_ner_re.common.options import expect, expect_choice
