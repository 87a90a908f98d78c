// Table 2 (a): no entity pretraining (λ = 1 from the first batch: no entity_pretraining callback).
(import '../conll04_minilm_paper.jsonnet') + {
  trainer+: { callbacks: [c for c in super.callbacks if c.type != 'entity_pretraining'] },
}
