// ACE04 after the LSTM-ER preprocessing (licensed, LDC2005T09): 5-fold cross-validation on bnews + nwire; LSTM-ER's
// data/ace2004/run.zsh writes corpus/train{0..4} and corpus/test{0..4}, placed under $JNR_DATA/ace2004/.
// JNR_FOLD picks the fold; as in the paper, 10% of the fold's training documents are held out for validation. All
// five folds: allennlp cross-validate training_config/ace04.jsonnet -s runs/ace04 --folds 5 --config-folds
// Giorgi et al. 2019 Table A.3: 15 epochs, batch 16, lr 2e-5, bert-base-cased.
(import 'joint_ner_re.libsonnet') + {
  encoder_id:: 'bert-base-cased',
  reader:: { type: 'ace_standoff' },
  train_file:: 'ace2004/corpus/train%d#rest' % self.fold,
  validation_file:: 'ace2004/corpus/train%d#holdout' % self.fold,
  test_file:: 'ace2004/corpus/test%d' % self.fold,
  num_epochs:: 15,
  batch_size:: 16,
  learning_rate:: 2e-5,
}
