// Table 2 (e): no bilinear term in the biaffine scorer (only W (h_j ‖ h_k) + b).
(import '../conll04_minilm_paper.jsonnet') + { model_options+:: { pair_scorer: { type: 'biaffine', bilinear: false } } }
