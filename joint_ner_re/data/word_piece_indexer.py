"""AllenNLP's ``pretrained_transformer_mismatched`` indexer, with a sentence's words tokenised in one call.

AllenNLP's indexer calls the Hugging Face tokenizer once per word (``intra_word_tokenize``), 5.5% of predicting
one sentence with MiniLM. Here the words go to the tokenizer as one batch of texts: each word is still encoded on
its own, exactly as there, so the word pieces, type ids and offsets are the same; the embedder is AllenNLP's
``pretrained_transformer_mismatched`` as before.
"""
from typing import List

from allennlp.data import Token, Vocabulary
from allennlp.data.token_indexers import PretrainedTransformerMismatchedIndexer, TokenIndexer
from allennlp.data.token_indexers.token_indexer import IndexedTokenList


@TokenIndexer.register("pretrained_transformer_mismatched_batched")
class BatchedMismatchedIndexer(PretrainedTransformerMismatchedIndexer):
    """Takes the options of ``pretrained_transformer_mismatched`` and gives its output."""

    def tokens_to_indices(self, tokens: List[Token], vocabulary: Vocabulary) -> IndexedTokenList:
        self._matched_indexer._add_encoding_to_vocabulary_if_needed(vocabulary)
        words = [token.ensure_text() for token in tokens]
        pieces = self._tokenizer(
            words, add_special_tokens=False, return_attention_mask=False, return_token_type_ids=False
        )["input_ids"] if words else []
        allennlp_tokenizer = self._allennlp_tokenizer
        start, end = allennlp_tokenizer.single_sequence_start_tokens, allennlp_tokenizer.single_sequence_end_tokens
        token_ids = [token.text_id for token in start]
        offsets = []
        for word_pieces in pieces:
            # a word without pieces (only characters the tokenizer drops) gets (-1, -1), as in AllenNLP's
            offsets.append((len(token_ids), len(token_ids) + len(word_pieces) - 1) if word_pieces else (-1, -1))
            token_ids.extend(word_pieces)
        sentence_pieces = len(token_ids) - len(start)
        token_ids.extend(token.text_id for token in end)
        type_ids = (
            [token.type_id for token in start]
            + [allennlp_tokenizer.single_sequence_token_type_id] * sentence_pieces
            + [token.type_id for token in end]
        )
        output: IndexedTokenList = {
            "token_ids": token_ids,
            "mask": [True] * len(tokens),
            "type_ids": type_ids,
            "offsets": offsets,
            "wordpiece_mask": [True] * len(token_ids),
        }
        return self._matched_indexer._postprocess_output(output)
