import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

export type TextEncodingName = 'utf-8' | 'latin1';

/** What the first bytes of a file say about its encoding. */
export interface DetectedEncoding {
  /** The WHATWG label handed to TextDecoder. */
  label: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
}

/**
 * UTF-8 (with or without BOM) unless the sample is not valid UTF-8, in which case Latin-1.
 * "Latin-1" is decoded as windows-1252, its superset, which is also what the WHATWG Encoding
 * standard (and so TextDecoder) means by `latin1`; the two differ only in 0x80–0x9F, which are
 * control characters in ISO-8859-1 and never appear in real text.
 * A UTF-16 BOM is honoured too, since Excel's "Unicode text" export writes one.
 */
export function detectEncoding(sample: Uint8Array, sampleIsWholeFile: boolean, requested?: TextEncodingName): DetectedEncoding {
  const hasUtf8Bom = sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  if (requested === 'latin1') return { label: 'windows-1252', bomLength: 0 };
  if (requested === 'utf-8') return { label: 'utf-8', bomLength: hasUtf8Bom ? 3 : 0 };
  if (hasUtf8Bom) return { label: 'utf-8', bomLength: 3 };
  if (sample.length >= 2 && sample[0] === 0xff && sample[1] === 0xfe) return { label: 'utf-16le', bomLength: 2 };
  if (sample.length >= 2 && sample[0] === 0xfe && sample[1] === 0xff) return { label: 'utf-16be', bomLength: 2 };
  const body = sampleIsWholeFile ? sample : withoutTrailingPartialCharacter(sample);
  return { label: isUtf8(body) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

/** A sample cut at an arbitrary byte may end inside a multi-byte UTF-8 character. */
function withoutTrailingPartialCharacter(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  // Walk back over at most 3 continuation bytes to the lead byte of the last character.
  let back = 0;
  while (back < 3 && end - back - 1 >= 0 && (bytes[end - back - 1] & 0xc0) === 0x80) back++;
  const leadIndex = end - back - 1;
  if (leadIndex < 0) return bytes;
  const lead = bytes[leadIndex];
  const expected = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  if (expected > back + 1) end = leadIndex;
  return bytes.subarray(0, end);
}

/** A streaming decoder; UTF-8 is decoded strictly so a bad byte later in the file is noticed. */
export function createDecoder(encoding: DetectedEncoding): TextDecoder {
  return new TextDecoder(encoding.label, { fatal: encoding.label === 'utf-8', ignoreBOM: true });
}

/** Thrown (internally) when a file that looked like UTF-8 turns out not to be. */
export class NotUtf8Error extends Error {
  constructor(readonly line: number) {
    super(`not valid UTF-8 near line ${line}`);
  }
}
