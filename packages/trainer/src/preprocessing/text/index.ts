export { TextSequenceEncoder, type TextRowStats } from './text-encoding.js';
export { TextVocabularyBuilder, textTokenizer, type SequencePreprocessingView, type TextVocabulary } from './text-vocabulary.js';
export { loadVocabularyFile } from './vocab-file.js';
