// ADE in SpERT's ten published folds ($JNR_DATA/ade/spert-json/ade_split_{k}_{train,test}.json), fold JNR_FOLD; 10%
// of the fold's training sentences are held out for validation. These folds keep the 120 overlapping entity pairs
// that the paper removed, and their relations go from the adverse effect (head) to the drug (tail). The paper's
// settings otherwise (ade.jsonnet): macro F1, Table A.3's 7 epochs, batch 16, lr 2e-5, BioBERT cased.
//   allennlp cross-validate training_config/ade_spert_folds.jsonnet -s runs/ade_spert --folds 10 --config-folds
(import 'ade.jsonnet') + {
  reader:: { type: 'spert_json' },
  train_file:: 'ade/spert-json/ade_split_%d_train.json#rest' % self.fold,
  validation_file:: 'ade/spert-json/ade_split_%d_train.json#holdout' % self.fold,
  test_file:: 'ade/spert-json/ade_split_%d_test.json' % self.fold,
}
