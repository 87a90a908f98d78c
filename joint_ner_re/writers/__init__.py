"""Writers from the Sentence record back to corpus formats."""
from joint_ner_re.writers.spert_json import to_spert, write_spert_json
from joint_ner_re.writers.brat import SPACE_TOKENIZER, to_brat, write_brat
