// ACE05 after the LSTM-ER preprocessing (Miwa & Bansal 2016; licensed, LDC2006T06): the folders that LSTM-ER's
// data/ace2005/run.zsh writes, corpus/{train,dev,test} (351/80/80 documents), each holding DOC.split.txt/.split.ann,
// placed under $JNR_DATA/ace2005/. Giorgi et al. 2019 Table A.3: 15 epochs, batch 32, lr 3e-5, bert-base-cased.
// Relations are scored directed, as the paper did; list 'PER-SOC' in symmetric_relation_types to score it
// direction-free. Three seeds: allennlp cross-validate training_config/ace05.jsonnet -s runs/ace05 --seeds 1,2,3
(import 'joint_ner_re.libsonnet') + {
  encoder_id:: 'bert-base-cased',
  reader:: { type: 'ace_standoff' },
  train_file:: 'ace2005/corpus/train',
  validation_file:: 'ace2005/corpus/dev',
  test_file:: 'ace2005/corpus/test',
  num_epochs:: 15,
  batch_size:: 32,
  learning_rate:: 3e-5,
} + (import 'train_on_validation.libsonnet')  // as the paper: train + dev, the Table A.3 epochs, the last kept
