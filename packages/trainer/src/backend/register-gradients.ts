/**
 * tfjs-core's Node entry point ships no gradient definitions (they live in ESM files Node
 * cannot load from that package). The @tensorflow/tfjs bundle registers all of them into
 * the global gradient registry that tfjs-core reads, so importing it once is enough.
 */
import '@tensorflow/tfjs';
