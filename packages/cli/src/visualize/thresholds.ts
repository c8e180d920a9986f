/** Thresholds 0, 0.05, …, 1 (Ludwig's threshold charts use the same 21 steps). */
export const thresholdSteps: number[] = Array.from({ length: 21 }, (_, i) => i / 20);
