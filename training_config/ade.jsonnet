// ADE (Gurulingappa et al. 2012) under the paper's protocol: ADE-Corpus-V2's DRUG-AE.rel
// ($JNR_DATA/ade/original/DRUG-AE.rel) less the relations whose drug text lies inside their adverse-effect text
// (the paper's overlap removal: 6821 -> 6682 relations, as in its own ADE file), 10-fold cross-validation by
// document (PMID; folds drawn by the reader's fold_seed), fold JNR_FOLD, 10% of each training part's documents held
// out for validation; scored with macro F1 over types. Relations go from the drug (head) to the adverse effect
// (tail), as in the paper's file. All ten folds, mean and standard deviation:
//   allennlp cross-validate training_config/ade.jsonnet -s runs/ade --folds 10 --config-folds
// SpERT's ten published folds: ade_spert_folds.jsonnet. Giorgi et al. 2019 Table A.3: 7 epochs, batch 16, lr 2e-5,
// BioBERT cased.
(import 'joint_ner_re.libsonnet') + {
  encoder_id:: 'dmis-lab/biobert-base-cased-v1.1',
  reader:: { type: 'ade', drop_overlapping: 'text' },
  folds:: 10,
  local part(name) = 'ade/original/DRUG-AE.rel#%s=%d/%d' % [name, self.fold, self.folds],
  train_file:: part('not-fold') + '#rest',
  validation_file:: part('not-fold') + '#holdout',
  test_file:: part('fold'),
  num_epochs:: 7,
  batch_size:: 16,
  learning_rate:: 2e-5,
  validation_metric:: '+overall_macro_f1',
}
