import * as tf from '@tensorflow/tfjs-core';
import { OvertureError } from '@overture/config';

/** Weights as plain arrays: what checkpoints, bundles and "best weights" snapshots hold. */
export type NamedArrays = Record<string, { shape: number[]; values: Float32Array }>;

let storeCounter = 0;

/**
 * Owns every variable of one model under stable logical names (`encoders.age.dense_0.kernel`),
 * so weights can be saved, restored and matched to optimizer state by name. tfjs variable
 * names are process-global, so each store prefixes its own unique id.
 */
export class ParameterStore {
  private readonly variables = new Map<string, { variable: tf.Variable; trainable: boolean }>();
  private readonly prefix = `overture_${++storeCounter}/`;

  /**
   * `initial`: values some parameters start from instead of their layer's initializer (pretrained
   * embeddings), by name; a shape that differs from the layer's is a config error.
   */
  constructor(private readonly initial: NamedArrays = {}) {}

  create(name: string, shape: number[], initialValues: Float32Array, trainable = true): tf.Variable {
    if (this.variables.has(name)) throw new OvertureError('internal', `parameter '${name}' is defined twice`);
    const given = Object.hasOwn(this.initial, name) ? this.initial[name] : undefined;
    if (given && (given.shape.length !== shape.length || given.shape.some((d, i) => d !== shape[i]))) {
      throw new OvertureError('invalid_config', `${name}: the pretrained values are [${given.shape.join(', ')}], but the layer is [${shape.join(', ')}]`);
    }
    const values = given ? given.values : initialValues;
    const variable = tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32'), trainable, this.prefix + name));
    this.variables.set(name, { variable, trainable });
    return variable;
  }

  get(name: string): tf.Variable {
    const entry = this.variables.get(name);
    if (!entry) throw new OvertureError('internal', `unknown parameter '${name}'`);
    return entry.variable;
  }

  /** Names of `initial` values no layer took (a wrong name would otherwise be a silent no-op). */
  unusedInitial(): string[] {
    return Object.keys(this.initial).filter((name) => !this.variables.has(name));
  }

  names(): string[] {
    return [...this.variables.keys()];
  }

  trainable(): { name: string; variable: tf.Variable }[] {
    return [...this.variables].filter(([, v]) => v.trainable).map(([name, v]) => ({ name, variable: v.variable }));
  }

  parameterCount(): number {
    let n = 0;
    for (const { variable } of this.variables.values()) n += variable.size;
    return n;
  }

  snapshot(): NamedArrays {
    const out: NamedArrays = {};
    for (const [name, { variable }] of this.variables) {
      out[name] = { shape: [...variable.shape], values: variable.dataSync() as Float32Array };
    }
    return out;
  }

  restore(weights: NamedArrays): void {
    for (const [name, { variable }] of this.variables) {
      const saved = weights[name];
      if (!saved) throw new OvertureError('invalid_input', `saved weights lack parameter '${name}'`);
      if (saved.shape.join(',') !== variable.shape.join(',')) {
        throw new OvertureError('invalid_input', `saved weights for '${name}' have shape [${saved.shape}] but the model needs [${variable.shape}]`);
      }
      tf.tidy(() => variable.assign(tf.tensor(saved.values, variable.shape, 'float32')));
    }
  }

  dispose(): void {
    for (const { variable } of this.variables.values()) variable.dispose();
    this.variables.clear();
  }
}
