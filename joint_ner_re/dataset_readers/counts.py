"""The names under which readers count what they read, skip, merge, repair or leave out (``SentenceReader.counts``,
logged after each read and listed by ``allennlp corpus-stats``): one vocabulary, so that the same event has the
same name in every reader and a new reader picks a name here instead of inventing one.

A name says what is counted, what happened to it, and why where that is not plain:
``<items>_<what happened>[_<why>]``. *skipped*: not in the records, because the input has a defect or something
the record cannot hold; *left_out*: not in the records, because an option asked for that; *merged*: an exact
duplicate joined with the first of its kind; any other verb names a repair or a reading rule, after which the item
is in the records.
"""

# ---- what was read (after everything below); the base class counts these
SENTENCES = "sentences"
ENTITIES = "entities"
RELATIONS = "relations"

# ---- in the evaluation gold, but not in the training target (see SentenceReader)
ENTITIES_NOT_ENCODED = "entities_not_encoded"
RELATIONS_WITHOUT_TARGET = "relations_without_target"

# ---- duplicates
DUPLICATE_DOCUMENTS_SKIPPED = "duplicate_documents_skipped"
DUPLICATE_ENTITIES_MERGED = "duplicate_entities_merged"
DUPLICATE_RELATIONS_MERGED = "duplicate_relations_merged"

# ---- skipped: a defect of the input, or something a sentence-level record cannot hold
BLANK_LINES_SKIPPED = "blank_lines_skipped"
BYTE_ORDER_MARKS_SKIPPED = "byte_order_marks_skipped"  # a UTF-8 BOM before a file's text
EMPTY_DOCUMENTS_SKIPPED = "empty_documents_skipped"  # a document without any sentence that holds a word
SENTENCES_WITHOUT_TOKENS_SKIPPED = "sentences_without_tokens_skipped"  # no words and no annotations
BLANK_ENTITIES_SKIPPED = "blank_entities_skipped"  # an empty (zero-length) or whitespace-only span
ENTITIES_SKIPPED_ACROSS_SENTENCES = "entities_skipped_across_sentences"
ENTITIES_SKIPPED_OUTSIDE_THEIR_SENTENCE = "entities_skipped_outside_their_sentence"
ENTITIES_SKIPPED_WITHOUT_TOKENS = "entities_skipped_without_tokens"
RELATIONS_SKIPPED_ACROSS_SENTENCES = "relations_skipped_across_sentences"
RELATIONS_SKIPPED_WITH_SKIPPED_ARGUMENT = "relations_skipped_with_skipped_argument"
RELATIONS_SKIPPED_WITH_ARGUMENT_NOT_AN_ENTITY = "relations_skipped_with_argument_not_an_entity"
RELATIONS_SKIPPED_WITH_UNSUPPORTED_ARGUMENT = "relations_skipped_with_unsupported_argument"
# annotation kinds of BRAT standoff that the record does not hold
DISCONTINUOUS_ENTITIES_SKIPPED = "discontinuous_entities_skipped"
EVENT_TRIGGERS_SKIPPED = "event_triggers_skipped"
EVENTS_SKIPPED = "events_skipped"
ATTRIBUTES_SKIPPED = "attributes_skipped"
NORMALIZATIONS_SKIPPED = "normalizations_skipped"
EQUIVALENCES_SKIPPED = "equivalences_skipped"
NOTES_SKIPPED = "notes_skipped"

# ---- left out: an option asked for it
SENTENCES_LEFT_OUT_OF_PART = {  # PATH#holdout / PATH#rest / PATH#fold=I/K / PATH#not-fold=I/K
    "holdout": "sentences_left_out_of_the_holdout_part",
    "rest": "sentences_left_out_of_the_rest_part",
    "fold": "sentences_left_out_in_other_folds",
    "not-fold": "sentences_left_out_in_the_held_out_fold",
}
SENTENCES_LEFT_OUT_BY_SPLIT_FILE = "sentences_left_out_by_split_file"
SENTENCES_WITHOUT_ENTITIES_LEFT_OUT = "sentences_without_entities_left_out"
SENTENCES_WITHOUT_RELATIONS_LEFT_OUT = "sentences_without_relations_left_out"
OVERLAPPING_RELATIONS_LEFT_OUT = "overlapping_relations_left_out"
ENTITIES_LEFT_OUT_WITH_THEIR_RELATIONS = "entities_left_out_with_their_relations"

# ---- repaired, or read by a stated rule
TOKENS_SPLIT_AT_ENTITY_EDGES = "tokens_split_at_entity_edges"
ENTITIES_EXPANDED_TO_TOKEN_BOUNDARIES = "entities_expanded_to_token_boundaries"
ENTITIES_TRIMMED_OF_WHITESPACE = "entities_trimmed_of_whitespace"
ENTITY_TEXTS_DIFFERING_IN_WHITESPACE = "entity_texts_differing_in_whitespace"
ENTITY_TEXTS_DIFFERING_FROM_THEIR_TOKENS = "entity_texts_differing_from_their_tokens"
ENTITY_SPANS_WITH_SEVERAL_TYPES = "entity_spans_with_several_types"
REPEATED_MENTION_TEXTS_PLACED_BY_OFFSET = "repeated_mention_texts_placed_by_offset"
MENTIONS_PLACED_AT_NEAREST_OCCURRENCE = "mentions_placed_at_nearest_occurrence"
SENTENCES_WITH_AMBIGUOUS_DOCUMENT_OFFSET = "sentences_with_ambiguous_document_offset"
SENTENCES_WITH_INVALID_BIOES_DECODED_BY_RULE = "sentences_with_invalid_bioes_decoded_by_rule"
LONE_SLASH_TOKENS_READ_AS_THE_WORD_SLASH = "lone_slash_tokens_read_as_the_word_slash"
# a word that the encoder's tokenizer turns into no word piece at all (a zero-width space, a soft hyphen, a
# control character, a lone combining mark): it is given to the encoder as the tokenizer's unknown token, as
# any word the encoder cannot spell, instead of silently becoming a vector of zeros
WORDS_WITHOUT_WORD_PIECES_READ_AS_UNKNOWN = "words_without_word_pieces_read_as_unknown"
DOCUMENTS_WITHOUT_NER = "documents_without_ner"
DOCUMENTS_WITHOUT_RELATIONS = "documents_without_relations"

NAMES = frozenset(
    value
    for name, value in list(globals().items())
    if name.isupper() and isinstance(value, str)
) | frozenset(SENTENCES_LEFT_OUT_OF_PART.values())
