// Shared template for every corpus (Giorgi et al. 2019, Table A.2 defaults). A corpus file sets the required
// hidden fields below: `(import 'joint_ner_re.libsonnet') + { encoder_id:: 'bert-base-cased', ... }`.
//
// Environment (AllenNLP passes it to Jsonnet; the plugin defines both as '' when unset):
//   JNR_ENCODER  Hugging Face id or local folder of the encoder; '' = the corpus's paper encoder (encoder_id).
//   JNR_DATA     folder holding the corpora; '' = ../shared/data.
//   JNR_FOLD     cross-validation fold for the corpora evaluated that way (ACE04, ADE, i2b2); '' = 0.
// A data path PATH#holdout / PATH#rest reads a fixed 10% of PATH's documents / the rest (the validation split the
// paper carves out of each cross-validation fold; see SentenceReader).
local env(name, default) = if std.extVar(name) != '' then std.extVar(name) else default;

{
  // ---- required per corpus ----
  encoder_id:: error 'must override: the Hugging Face id of the encoder the paper used for this corpus',
  reader:: error 'must override: the dataset_reader object (its type and options)',
  train_file:: error 'must override: training file, relative to JNR_DATA',
  validation_file:: error 'must override: validation file, relative to JNR_DATA',
  test_file:: error 'must override: test file, relative to JNR_DATA (read for the vocabulary; scored by allennlp evaluate)',
  num_epochs:: error 'must override: Table A.3 epochs',
  batch_size:: error 'must override: Table A.3 batch size',
  learning_rate:: error 'must override: Table A.3 learning rate',

  // ---- optional knobs (paper defaults) ----
  head_learning_rate:: self.learning_rate,  // the paper used one rate for encoder and heads
  warmup_fraction:: 0.1,
  sub_token_mode:: 'first',  // a word is represented by its first word piece
  max_length:: 512,  // longer word-piece sequences are split into segments of this size, never truncated
  symmetric_relation_types:: [],
  validation_metric:: '+overall_f1',  // strict NER + relation micro F1; '+overall_macro_f1' where the paper used macro
  model_options:: {},  // ablation switches, components and sizes, passed to the model as they are (its signature
                       // holds the defaults: the paper's Table A.2 model)
  seed:: 13,  // one seed for Python, NumPy and PyTorch
  bucket_batches:: false,  // training batches of sentences of similar length (see data_loader)
  weight_average_decay:: null,  // a number: validate and keep an exponential moving average of the weights
  entity_pretraining_epochs:: null,  // a number: the relation loss weight reaches its full value after this many
                                     // epochs; null: after one (the paper)
  overlap_policy:: null,  // the reader's overlap_policy where the corpus's reader sets none; null: the reader's default

  encoder:: env('JNR_ENCODER', self.encoder_id),
  fold:: std.parseInt(env('JNR_FOLD', '0')),
  data_dir:: env('JNR_DATA', '../shared/data'),

  random_seed: $.seed,
  numpy_seed: $.seed,
  pytorch_seed: $.seed,
  dataset_reader: (if $.overlap_policy != null then { overlap_policy: $.overlap_policy } else {}) + self.reader {
    token_indexers: {
      // AllenNLP's pretrained_transformer_mismatched, a sentence's words tokenised in one call (the same output)
      tokens: { type: 'pretrained_transformer_mismatched_batched', model_name: $.encoder, max_length: $.max_length },
    },
  },
  train_path:: self.data_dir + '/' + self.train_file,
  validation_path:: self.data_dir + '/' + self.validation_file,

  // After every epoch the model is scored on the validation data and the best epoch (validation_metric) is kept;
  // train_on_validation.libsonnet mixes in the paper's protocol for CoNLL04 and ACE05 instead.
  train_data_path: self.train_path,
  validation_data_path: self.validation_path,
  test_data_path: self.data_dir + '/' + self.test_file,
  model: {
    type: 'joint_ner_re',
    embedder: {
      token_embedders: {
        tokens: {
          type: 'pretrained_transformer_mismatched',
          model_name: $.encoder,
          max_length: $.max_length,
          sub_token_mode: $.sub_token_mode,
        },
      },
    },
    symmetric_relation_types: $.symmetric_relation_types,
    relation_candidates: 'end_tags',  // the paper's: only entities ending on an E-/S- tag join relations
  } + self.model_options,
  // Training batches of similar length waste less encoder work on padding (faster), at the price of batches that are
  // less random than the paper's; evaluation batches are always bucketed (scores do not depend on batching).
  data_loader: if $.bucket_batches
  then { batch_sampler: { type: 'bucket', batch_size: $.batch_size, sorting_keys: ['tokens'] } }
  else { batch_size: $.batch_size, shuffle: true },
  validation_data_loader: {
    batch_sampler: { type: 'bucket', batch_size: 32, sorting_keys: ['tokens'], padding_noise: 0.0, shuffle: false },
  },
  trainer: {
    num_epochs: $.num_epochs,
    grad_norm: 1.0,
    validation_metric: $.validation_metric,
    optimizer: {
      type: 'fused_adamw',  // torch's AdamW with its fused kernel (joint_ner_re/training/fused_adamw.py)
      lr: $.head_learning_rate,
      weight_decay: 0.1,
      // Groups by exclusion, so that a new module needs no edit here: the encoder (`embedder.`) gets learning_rate,
      // every other parameter the optimizer's own rate, head_learning_rate. Biases and LayerNorm weights, wherever
      // they are, get no weight decay.
      parameter_groups: [
        [['^embedder\\..*(bias|LayerNorm\\.weight)$'], { lr: $.learning_rate, weight_decay: 0.0 }],
        [['^embedder\\.(?!.*(bias|LayerNorm\\.weight)$)'], { lr: $.learning_rate }],
        [['^(?!embedder\\.).*(bias|LayerNorm\\.weight)$'], { weight_decay: 0.0 }],
      ],
    },
    learning_rate_scheduler: { type: 'linear_warmup_decay', warmup_fraction: $.warmup_fraction },
    callbacks: [
      { type: 'entity_pretraining' }
      + (if $.entity_pretraining_epochs == null then {} else { epochs: $.entity_pretraining_epochs }),
      { type: 'console_logger', should_log_inputs: false },
    ],
    checkpointer: { keep_most_recent_by_count: 1 },
  } + (
    // the averaged weights are what is validated, kept as the best epoch and archived
    if $.weight_average_decay == null then {}
    else { moving_average: { type: 'fused_exponential', decay: $.weight_average_decay } }
  ),
}
