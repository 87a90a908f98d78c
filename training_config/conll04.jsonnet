// CoNLL04 (SpERT JSON split: train 922 / dev 231 / test 288), Giorgi et al. 2019 Table A.3:
// 10 epochs, batch 16, lr 3e-5, bert-base-cased. Swap the encoder with JNR_ENCODER=<id or folder>.
(import 'joint_ner_re.libsonnet') + {
  encoder_id:: 'bert-base-cased',
  reader:: { type: 'spert_json' },
  train_file:: 'conll04/spert-json/conll04_train.json',
  validation_file:: 'conll04/spert-json/conll04_dev.json',
  test_file:: 'conll04/spert-json/conll04_test.json',
  num_epochs:: 10,
  batch_size:: 16,
  learning_rate:: 3e-5,
} + (import 'train_on_validation.libsonnet')  // as the paper: train + dev, the Table A.3 epochs, the last kept
