// Table 1's ADE row with the offline MiniLM-L6 encoder: the paper's model and protocol (ade.jsonnet: overlap
// removal, 10 folds by PMID, macro F1) with the small-encoder schedule (small_encoder.libsonnet) and 2 epochs, where
// the paper trained 7 with BioBERT: a fold's training part is about 3,800 sentences, so that ten folds fit a 2-core
// CPU machine in about an hour.
//   allennlp cross-validate training_config/ade_minilm_paper.jsonnet -s runs/ade_minilm_paper --folds 10 --config-folds
(import 'ade.jsonnet') + (import 'small_encoder.libsonnet') + { num_epochs:: 2 }
