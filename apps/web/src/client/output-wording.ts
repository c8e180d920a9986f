import { formatPercent } from './format';

/**
 * How the run results and the playground speak of an output, by type. A category_distribution
 * target is a distribution over its classes, not one label: its "true value" is the target's most
 * probable class (Ludwig's metrics compare argmaxes), and the answer's probabilities are the
 * predicted distribution, so "92% sure" would misread them.
 */
export interface OutputWording {
  /** The confusion matrix card's description. */
  confusionDescription: string;
  /** What counts as "predicted correctly" in the summary's first sentence. */
  correctPhrase: string;
  /** The line under a predicted class, from its probability. */
  probabilityCaption: (probability: number) => string;
  /** Heading of the per-class probabilities table, or null for none. */
  probabilitiesHeading: string | null;
}

const byDefault: OutputWording = {
  confusionDescription: 'Rows are the true values, columns what the model said.',
  correctPhrase: 'correctly',
  probabilityCaption: (p) => `${formatPercent(p)} sure`,
  probabilitiesHeading: null,
};

const distribution: OutputWording = {
  confusionDescription: "Rows are each test row's most probable class in its target distribution, columns the class the model gave the most probability.",
  correctPhrase: "with the target distribution's most probable class on top",
  probabilityCaption: (p) => `most probable class: ${formatPercent(p)} of the predicted distribution`,
  probabilitiesHeading: 'Predicted distribution',
};

export function outputWording(type: string): OutputWording {
  return type === 'category_distribution' ? distribution : byDefault;
}
