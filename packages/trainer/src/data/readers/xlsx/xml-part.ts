import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { BoundedZip } from '../bounded-zip.js';
import { dataError } from '../../data-error.js';
import { limitError, type ReadLimits } from '../read-limits.js';

export interface XmlHandlers {
  open?(name: string, attributes: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

const lessThan = 0x3c;

/**
 * Streams one XML part of a zip through saxes, calling `handlers` with local element names
 * (`x:c` → `c`: some writers prefix SpreadsheetML). Yields after each decompressed chunk, so a
 * caller can hand on what the chunk completed (rows) before more is read.
 *
 * saxes buffers a text node or a tag until it ends, so a gigabyte of text without a `<` would
 * sit in its buffer: the raw bytes between two `<` are counted here first and may not exceed
 * the per-cell limit. saxes expands only the five XML entities and ignores DTDs, so there is no
 * entity expansion ("billion laughs") to bound.
 */
export async function* parseXmlPart(zip: BoundedZip, file: string, part: string, limits: ReadLimits, handlers: XmlHandlers): AsyncGenerator<void> {
  const parser = new SaxesParser({ xmlns: false, position: false });
  if (handlers.open) parser.on('opentag', (tag: SaxesTagPlain) => handlers.open!(localName(tag.name), tag.attributes));
  if (handlers.close) parser.on('closetag', (tag: SaxesTagPlain) => handlers.close!(localName(tag.name)));
  if (handlers.text) parser.on('text', handlers.text);
  const decoder = new StringDecoder('utf8');
  let run = 0;
  const tooLong = () => limitError(file, `'${part}' holds a value or tag longer than the per-cell limit`, 'maxCellBytes', limits);
  for await (const chunk of zip.read(part)) {
    let at = chunk.indexOf(lessThan);
    if (at === -1) {
      run += chunk.length;
      if (run > limits.maxCellBytes) throw tooLong();
    } else {
      if (run + at > limits.maxCellBytes) throw tooLong();
      if (chunk.length > limits.maxCellBytes) {
        for (let next = chunk.indexOf(lessThan, at + 1); next !== -1; at = next, next = chunk.indexOf(lessThan, at + 1)) {
          if (next - at > limits.maxCellBytes) throw tooLong();
        }
        at = chunk.lastIndexOf(lessThan);
      } else {
        at = chunk.lastIndexOf(lessThan);
      }
      run = chunk.length - at - 1;
      if (run > limits.maxCellBytes) throw tooLong();
    }
    feed(() => parser.write(decoder.write(chunk)), file, part);
    yield;
  }
  feed(() => parser.write(decoder.end()).close(), file, part);
}

/** Runs a saxes write: our own limit errors (thrown by handlers) pass, saxes' own name the part. */
function feed(write: () => unknown, file: string, part: string): void {
  try {
    write();
  } catch (error) {
    if (error instanceof Error && error.name === 'OvertureError') throw error;
    throw dataError(file, `is not a readable Excel (.xlsx) workbook: its part '${part}' is not well-formed XML (${(error as Error).message}).`);
  }
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/** Parses a whole part for what its handlers collect. */
export async function readXmlPart(zip: BoundedZip, file: string, part: string, limits: ReadLimits, handlers: XmlHandlers): Promise<void> {
  for await (const _ of parseXmlPart(zip, file, part, limits, handlers)) {
    // nothing to hand on between chunks
  }
}
