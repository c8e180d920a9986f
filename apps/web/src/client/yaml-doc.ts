import { isMap, isSeq, parseDocument, type Document } from 'yaml';

export type ConfigPath = (string | number)[];

/** The YAML text as a document the forms read and write; null when it does not parse (the editor shows why). */
export function parseConfigDocument(text: string): Document | null {
  const doc = parseDocument(text);
  return doc.errors.length > 0 ? null : doc;
}

/** The plain value at a path (undefined when absent). */
export function valueAt(doc: Document | null, path: ConfigPath): unknown {
  if (!doc) return undefined;
  const node = doc.getIn(path, true);
  if (node === undefined || node === null) return undefined;
  return isMap(node) || isSeq(node) ? (node as { toJSON(): unknown }).toJSON() : (doc.getIn(path) as unknown);
}

/**
 * The text with the value at `path` set (or removed for `undefined`), edited through the document
 * so the rest of the user's YAML — comments, order, layout — stays as it was.
 */
export function withValueAt(text: string, path: ConfigPath, value: unknown): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return text;
  if (value === undefined) {
    doc.deleteIn(path);
  } else {
    doc.setIn(path, doc.createNode(value));
  }
  return doc.toString({ lineWidth: 0 });
}
