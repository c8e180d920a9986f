import { formatMetric, formatPercent } from './format';

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

/**
 * An anomaly answer is a flag and a score (Ludwig's anomaly output): the flag reads as a word, the
 * score with what it is (a distance, not a probability) and the threshold that turned it into the flag.
 */
export const anomalyWording = {
  predictionLabel: (isAnomaly: boolean) => (isAnomaly ? 'Anomaly' : 'Normal'),
  scoreCaption: (score: number, threshold: number | null) =>
    `anomaly score ${formatMetric(score)} (squared distance from the centre of the training rows; higher is more unusual)${threshold === null ? '' : `; flagged at ${formatMetric(threshold)} or more`}`,
};

export function outputWording(type: string): OutputWording {
  return type === 'category_distribution' ? distribution : byDefault;
}
