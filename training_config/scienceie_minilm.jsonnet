// SemEval-2017 Task 10 (ScienceIE; Augenstein et al. 2017): paragraphs of scientific articles in BRAT standoff,
// keyphrases typed Material / Process / Task, relations Hyponym-of (R lines, directed) and Synonym-of (* lines,
// symmetric). Not in the paper: the project's harder corpus for relation work (NER F1 well below CoNLL04's). Put the
// task's train / dev / test folders (scienceie.github.io; also github.com/OC-ScienceIE/scienceie17, data/) under
// $JNR_DATA/scienceie/. Sentences by spaCy's rule-based sentencizer; relations across sentences are counted and
// skipped (23 of 1072). With the offline MiniLM-L6 encoder and the small-encoder recipe (recipe.libsonnet), 5
// epochs (2388 training sentences: about CoNLL04's 12 epochs of work).
(import 'joint_ner_re.libsonnet') + (import 'recipe.libsonnet') + {
  reader:: { type: 'brat', sentence_splitter: 'sentencizer', equivalences: 'relations' },
  train_file:: 'scienceie/train',
  validation_file:: 'scienceie/dev',
  test_file:: 'scienceie/test',
  symmetric_relation_types:: ['Synonym-of'],
  num_epochs:: 5,
}
