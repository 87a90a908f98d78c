// Table 2 (b): no entity embeddings (the relation module reads the encoder's word vectors alone).
(import '../conll04_minilm_paper.jsonnet') + { model_options+:: { entity_embedding_dim: 0 } }
