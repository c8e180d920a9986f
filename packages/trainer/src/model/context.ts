import type * as tf from '@tensorflow/tfjs-core';
import type { SeededRandom } from '../util/random.js';

/** What a forward pass needs besides its inputs. */
export interface ForwardContext {
  training: boolean;
  /** Seeds dropout masks, so a resumed run draws the masks an uninterrupted one would. */
  rng: SeededRandom;
  /**
   * Where layers put losses of their own that join the training objective (Ludwig's module
   * `losses()`, e.g. TabNet's sparsity): given by the training step only, as Ludwig adds them to
   * the training loss and not to the evaluation loss.
   */
  auxiliaryLosses?: tf.Scalar[];
}
