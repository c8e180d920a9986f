/** One CSV field (RFC 4180): quoted when it holds a quote, comma or line break; missing as empty. */
export function csvField(text: string | null): string {
  if (text === null) return '';
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
