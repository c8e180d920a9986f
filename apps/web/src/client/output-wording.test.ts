import { describe, expect, it } from 'vitest';
import { anomalyWording, outputWording } from './output-wording';

describe('outputWording', () => {
  it('reads a category_distribution answer as a predicted distribution, not as confidence', () => {
    const w = outputWording('category_distribution');
    expect(w.probabilityCaption(0.625)).toBe('most probable class: 62.5% of the predicted distribution');
    expect(w.probabilitiesHeading).toBe('Predicted distribution');
    expect(w.confusionDescription).toMatch(/most probable class in its target distribution/);
    expect(w.correctPhrase).toMatch(/most probable class/);
  });

  it('reads an anomaly answer as a flag and a distance-like score with its threshold', () => {
    expect(anomalyWording.predictionLabel(true)).toBe('Anomaly');
    expect(anomalyWording.predictionLabel(false)).toBe('Normal');
    expect(anomalyWording.scoreCaption(2.5, 1.25)).toBe('anomaly score 2.5 (squared distance from the centre of the training rows; higher is more unusual); flagged at 1.25 or more');
    expect(anomalyWording.scoreCaption(2.5, null)).not.toMatch(/flagged/);
  });

  it('keeps the classifier wording for category and binary outputs', () => {
    for (const type of ['category', 'binary']) {
      const w = outputWording(type);
      expect(w.probabilityCaption(0.625)).toBe('62.5% sure');
      expect(w.probabilitiesHeading).toBeNull();
      expect(w.confusionDescription).toBe('Rows are the true values, columns what the model said.');
    }
  });
});
