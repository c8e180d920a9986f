import { basename } from 'node:path';
import { OvertureError, type ErrorDetail } from '@overture/config';

/** A problem with a data file: `invalid_data`, with the file name in the message. */
export function dataError(file: string, message: string, detail: Omit<ErrorDetail, 'message'> = {}): OvertureError {
  const text = `${basename(file)}: ${message}`;
  return new OvertureError('invalid_data', text, [{ ...detail, message }]);
}
