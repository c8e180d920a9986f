import { describe, expect, it } from 'vitest';
import { answerDifferences } from './compare-answers';

const answer = (probability: number, label = 'yes') => ({ label: { prediction: label, probability, probabilities: { no: 1 - probability, yes: probability } }, amount: { prediction: 12.5 } });

describe('answerDifferences', () => {
  it('finds none when every number is within 1e-5 and every label is equal', () => {
    expect(answerDifferences(answer(0.8), answer(0.800004))).toEqual([]);
  });

  it('names a probability that differs by more than 1e-5, with both values', () => {
    expect(answerDifferences(answer(0.8), answer(0.80002))).toEqual([
      'label.probability: the server says 0.8, the browser 0.80002',
      `label.probabilities.no: the server says ${1 - 0.8}, the browser ${1 - 0.80002}`,
      'label.probabilities.yes: the server says 0.8, the browser 0.80002',
    ]);
  });

  it('names a different label, a missing output and a different list length', () => {
    const { amount: _amount, ...withoutAmount } = answer(0.8, 'no');
    expect(answerDifferences({ ...answer(0.8), tags: ['a', 'b'] }, { ...withoutAmount, tags: ['a'] })).toEqual([
      'label.prediction: the server says "yes", the browser "no"',
      'amount: only the server has it',
      'tags: the server lists 2 items, the browser 1',
    ]);
  });

  it('treats NaN as a difference, never as equal', () => {
    expect(answerDifferences({ x: 1 }, { x: Number.NaN })).toEqual(['x: the server says 1, the browser NaN']);
  });
});
