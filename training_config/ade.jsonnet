// ADE (Gurulingappa et al. 2012) in SpERT's 10-fold JSON ($JNR_DATA/ade/spert-json/ade_split_{k}_{train,test}.json):
// JNR_FOLD picks the fold; 10% of the fold's training sentences are held out for validation. Entity types Drug and
// Adverse-Effect, relation Adverse-Effect from the effect (head) to the drug (tail). These folds keep the 120
// overlapping entity pairs that the paper removed (see the ade reader's drop_overlapping for the paper's file).
// Scored with macro F1, as in the paper. Giorgi et al. 2019 Table A.3: 7 epochs, batch 16, lr 2e-5, BioBERT cased.
(import 'joint_ner_re.libsonnet') + {
  encoder_id:: 'dmis-lab/biobert-base-cased-v1.1',
  reader:: { type: 'spert_json' },
  train_file:: 'ade/spert-json/ade_split_%d_train.json#rest' % self.fold,
  validation_file:: 'ade/spert-json/ade_split_%d_train.json#holdout' % self.fold,
  test_file:: 'ade/spert-json/ade_split_%d_test.json' % self.fold,
  num_epochs:: 7,
  batch_size:: 16,
  learning_rate:: 2e-5,
  validation_metric:: '+overall_macro_f1',
}
