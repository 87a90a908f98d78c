// Table 2, the full model: the paper's model on CoNLL04 with MiniLM-L6 (see ../conll04_minilm_paper.jsonnet).
import '../conll04_minilm_paper.jsonnet'
