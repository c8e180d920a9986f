/** What a pretrained text encoder stored in a text feature's metadata, so prediction embeds the same way. */
export interface PretrainedTextMetadata {
  /** The encoder's name (bert, auto_transformer, …) and its model folder name under the models root. */
  encoder: string;
  model: string;
  hidden_size: number;
  reduce_output: 'cls_pooled' | 'sum' | 'mean' | 'avg' | 'max' | 'last';
  skip: { first: number; last: number };
  cls_pooled: 'pooler' | 'cls' | null;
  max_sequence_length: number;
  /** The embedding of the fill value, which a missing cell becomes. */
  fill_embedding: number[];
}

/**
 * A text column run through a frozen pretrained encoder before the (synchronous) preprocessing:
 * one vector of `hidden` per table row (zeros where the cell is missing).
 */
export interface DecodedTextEmbeddings {
  hidden: number;
  embeddings: Float32Array;
  /** Training: the embedding of preprocessing.fill_value (null at prediction: the metadata has it). */
  fill: Float32Array | null;
  /** How the embeddings were made (stored in the metadata at training). */
  plan: Omit<PretrainedTextMetadata, 'fill_embedding' | 'hidden_size'>;
}
