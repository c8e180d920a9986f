import { splitColumn, splitBoundaries, type Splitter } from './proportions.js';

/** 32-bit FNV-1a over the UTF-8 bytes of `text` (reproducible in any language). */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  const byte = (b: number) => {
    h ^= b;
    h = Math.imul(h, 0x01000193);
  };
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) byte(c);
    else if (c < 0x800) {
      byte(0xc0 | (c >> 6));
      byte(0x80 | (c & 63));
    } else if (c < 0x10000) {
      byte(0xe0 | (c >> 12));
      byte(0x80 | ((c >> 6) & 63));
      byte(0x80 | (c & 63));
    } else {
      byte(0xf0 | (c >> 18));
      byte(0x80 | ((c >> 12) & 63));
      byte(0x80 | ((c >> 6) & 63));
      byte(0x80 | (c & 63));
    }
  }
  return h >>> 0;
}

/**
 * A row's split depends only on its value in `column` (e.g. a user id), so rows never move between
 * splits as the data grows, and all rows of one id share a split. Missing values hash as ''.
 */
export const hashSplit: Splitter<{ type: 'hash'; column: string; probabilities: readonly number[] }> = (config, ctx) => {
  const cells = splitColumn(ctx, config.column, 'hash');
  // Boundaries on a 2^32 scale: the hash is uniform over [0, 2^32).
  const scale = 2 ** 32;
  const [first, second] = splitBoundaries(config.probabilities, scale);
  const out = new Uint8Array(ctx.rows.length);
  for (let p = 0; p < ctx.rows.length; p++) {
    const h = fnv1a32(cells[ctx.rows[p]] ?? '');
    out[p] = h < first ? 0 : h < second ? 1 : 2;
  }
  return out;
};
