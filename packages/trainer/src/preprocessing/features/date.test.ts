import { describe, expect, it } from 'vitest';
import { preprocessForTraining } from '../preprocess-training.js';
import { allTrain, floats, input, makeConfig, output, trainTable } from '../test/helpers.js';

function preprocessDates(values: (string | null)[], datetime_format: string | null = null) {
  const config = makeConfig([input('d', 'date', { datetime_format })], [output('y', 'category')], allTrain);
  const y = values.map((_, i) => (i % 2 ? 'p' : 'q'));
  return preprocessForTraining(trainTable({ d: values, y }), config, { seed: 42 });
}

describe('date features', () => {
  it('encodes an ISO date-time as Ludwig’s 9-component vector (Monday = 0)', () => {
    const { dataset } = preprocessDates(['2024-03-15T13:45:30', '2023-01-01']);
    expect(dataset.features.d).toMatchObject({ dtype: 'int32', width: 9 });
    // 2024-03-15 is a Friday (4), day 75 of a leap year; 2023-01-01 is a Sunday (6).
    expect(floats(dataset.features.d)).toEqual([2024, 3, 15, 4, 75, 13, 45, 30, 49530, 2023, 1, 1, 6, 1, 0, 0, 0, 0]);
  });

  it('reads dates with a datetime_format', () => {
    const { dataset } = preprocessDates(['15/03/2024', '01/01/2023'], '%d/%m/%Y');
    expect(floats(dataset.features.d).slice(0, 5)).toEqual([2024, 3, 15, 4, 75]);
  });

  it('treats unparseable text as missing and fills the default \'\' with the epoch', () => {
    const { dataset, report } = preprocessDates(['2024-03-15', 'not a date', null]);
    expect(floats(dataset.features.d).slice(9)).toEqual([1970, 1, 1, 3, 1, 0, 0, 0, 0, 1970, 1, 1, 3, 1, 0, 0, 0, 0]);
    expect(report.unparseableValues).toEqual({ d: 1 });
    expect(report.missingValuesFilled).toEqual({ d: 2 });
  });
});
