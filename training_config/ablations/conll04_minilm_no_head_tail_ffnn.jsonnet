// Table 2 (d): no head/tail FFNN (the biaffine scorer reads the entity vectors directly).
(import '../conll04_minilm_paper.jsonnet') + { model_options+:: { head_tail: 'none' } }
