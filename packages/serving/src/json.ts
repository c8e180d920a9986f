/**
 * The JSON text of a response. JSON.stringify already writes NaN and ±Infinity (which JSON cannot
 * spell) as null, so the text is always valid JSON; ServingModel goes further and turns rows with
 * non-finite outputs into row errors. (No replacer function: it would make serialization, the
 * largest cost of a 1,000-row answer, several times slower.)
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}
