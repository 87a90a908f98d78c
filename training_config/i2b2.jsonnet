// 2010 i2b2/VA relations (licensed, n2c2 DUA): 5-fold cross-validation on train + test records. The reader takes a
// record-id list (one id per line, e.g. beth/record-13) resolved against corpus_dir, the folder that holds both
// unpacked archives; put the fold lists at $JNR_DATA/i2b2_2010/folds/{train,test}{k}.txt (make them with
// joint_ner_re.data.folds.assign_folds). JNR_FOLD picks the fold; 10% of the fold's training records are held out
// for validation. Giorgi et al. 2019 Table A.3: 12 epochs, batch 16, lr 2e-5, NCBI BlueBERT (PubMed + MIMIC, uncased).
(import 'joint_ner_re.libsonnet') + {
  encoder_id:: 'bionlp/bluebert_pubmed_mimic_uncased_L-12_H-768_A-12',
  reader:: { type: 'i2b2_2010', corpus_dir: $.data_dir + '/i2b2_2010' },
  train_file:: 'i2b2_2010/folds/train%d.txt#rest' % self.fold,
  validation_file:: 'i2b2_2010/folds/train%d.txt#holdout' % self.fold,
  test_file:: 'i2b2_2010/folds/test%d.txt' % self.fold,
  num_epochs:: 12,
  batch_size:: 16,
  learning_rate:: 2e-5,
}
