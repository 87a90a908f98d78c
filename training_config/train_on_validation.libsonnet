// The paper's protocol for CoNLL04 and ACE05 (Giorgi et al. 2019, §3.2), mixed into a corpus file after it:
//   (import 'joint_ner_re.libsonnet') + { ...corpus... } + (import 'train_on_validation.libsonnet')
// The model trains on the training and validation files together for num_epochs and the last epoch is kept: no
// validation, no model selection. The template's default instead validates after every epoch and keeps the best
// epoch, which a corpus without a fixed epoch budget needs and `allennlp tune-threshold` tunes on.
{
  train_data_path: [$.train_path, $.validation_path],
  validation_data_path:: $.validation_path,  // hidden: AllenNLP validates only when the config has this field
}
