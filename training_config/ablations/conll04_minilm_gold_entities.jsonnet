// Table 2, "Ours (gold)": the relation module is fed the gold entities, in training and in evaluation.
(import '../conll04_minilm_paper.jsonnet') + { model_options+:: { gold_entities: true } }
