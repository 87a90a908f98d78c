// 2010 i2b2/VA relations (licensed, n2c2 DUA) under the paper's protocol: 5-fold cross-validation on the training
// and test records together, by record, fold JNR_FOLD (20% of the records are its test part), 10% of the other
// records held out for validation. The reader takes a record-id list: put every record id of both unpacked archives,
// one per line (e.g. beth/record-13), in $JNR_DATA/i2b2_2010/records.txt; ids are looked up in corpus_dir and its
// sub-folders. All five folds:
//   allennlp cross-validate training_config/i2b2.jsonnet -s runs/i2b2 --folds 5 --config-folds
// Giorgi et al. 2019 Table A.3: 12 epochs, batch 16, lr 2e-5, NCBI BlueBERT (PubMed + MIMIC, uncased).
(import 'joint_ner_re.libsonnet') + {
  encoder_id:: 'bionlp/bluebert_pubmed_mimic_uncased_L-12_H-768_A-12',
  reader:: { type: 'i2b2_2010', corpus_dir: $.data_dir + '/i2b2_2010' },
  folds:: 5,
  local part(name) = 'i2b2_2010/records.txt#%s=%d/%d' % [name, self.fold, self.folds],
  train_file:: part('not-fold') + '#rest',
  validation_file:: part('not-fold') + '#holdout',
  test_file:: part('fold'),
  num_epochs:: 12,
  batch_size:: 16,
  learning_rate:: 2e-5,
}
