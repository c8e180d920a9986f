import type { SeededRandom } from '../util/random.js';

/** What a forward pass needs besides its inputs. */
export interface ForwardContext {
  training: boolean;
  /** Seeds dropout masks, so a resumed run draws the masks an uninterrupted one would. */
  rng: SeededRandom;
}
