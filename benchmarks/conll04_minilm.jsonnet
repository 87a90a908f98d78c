// CoNLL04 with the offline MiniLM-L6 encoder (all-MiniLM-L6-v2: 6 layers, width 384, uncased; JNR_ENCODER = its
// folder). Table A.3's schedule (10 epochs, batch 16, lr 3e-5 everywhere) was set for BERT-base on a GPU; the small
// encoder gets more updates (smaller batches, more epochs) and the randomly initialised heads a larger rate.
// Each value can be changed from the environment; benchmarks/conll04.sh documents the defaults it runs with.
local env(name) = std.parseJson(std.extVar(name));
(import '../training_config/conll04.jsonnet') + {
  num_epochs:: env('JNR_EPOCHS'),
  batch_size:: env('JNR_BATCH_SIZE'),
  learning_rate:: env('JNR_LR'),
  head_learning_rate:: env('JNR_HEAD_LR'),
}
