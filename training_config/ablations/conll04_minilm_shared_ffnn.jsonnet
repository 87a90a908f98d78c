// Table 2 (c): one FFNN for heads and tails instead of one each.
(import '../conll04_minilm_paper.jsonnet') + { model_options+:: { head_tail: 'shared' } }
