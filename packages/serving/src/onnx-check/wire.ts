/**
 * A minimal reader of the protobuf wire format (https://protobuf.dev/programming-guides/encoding/),
 * enough to walk an ONNX model without decoding it whole: fields are read in place from one byte
 * array, length-delimited values are views, and every length is checked against its enclosing
 * message, so a truncated or hostile file is an error, never an out-of-bounds read or a huge copy.
 */

/** A malformed protobuf: the caller turns it into a user-facing message. */
export class WireError extends Error {}

export type WireField =
  | { field: number; wire: 0; value: number }
  | { field: number; wire: 1 | 5; value: number }
  | { field: number; wire: 2; bytes: Uint8Array };

/**
 * A varint at `offset` as a JS number: exact up to 2^53, approximate above (enough for sizes and
 * limits); 10-byte varints with the top bit set read as negative int64 values (dims of -1).
 */
function readVarint(buffer: Uint8Array, offset: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (offset + i >= buffer.length) throw new WireError('a number runs past the end of the data');
    const byte = buffer[offset + i];
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return { value: i < 7 ? value : wideVarint(buffer, offset, i + 1), next: offset + i + 1 };
  }
  throw new WireError('a number is longer than 10 bytes');
}

/** A varint of 8 to 10 bytes, as int64 (negative values are written as 10-byte two's complement). */
function wideVarint(buffer: Uint8Array, offset: number, length: number): number {
  let value = 0n;
  for (let i = length - 1; i >= 0; i--) value = (value << 7n) | BigInt(buffer[offset + i] & 0x7f);
  return Number(BigInt.asIntN(64, value));
}

/** The fields of one message, in order. Groups (wire types 3 and 4, unused by ONNX) are refused. */
export function* readFields(buffer: Uint8Array): Generator<WireField> {
  let offset = 0;
  while (offset < buffer.length) {
    const key = readVarint(buffer, offset);
    offset = key.next;
    const field = Math.floor(key.value / 8);
    const wire = key.value % 8;
    if (field < 1) throw new WireError('a field number is 0 or negative');
    switch (wire) {
      case 0: {
        const v = readVarint(buffer, offset);
        offset = v.next;
        yield { field, wire, value: v.value };
        break;
      }
      case 1:
      case 5: {
        const size = wire === 1 ? 8 : 4;
        if (offset + size > buffer.length) throw new WireError('a fixed-size value runs past the end of the data');
        const view = new DataView(buffer.buffer, buffer.byteOffset + offset, size);
        yield { field, wire, value: wire === 1 ? view.getFloat64(0, true) : view.getFloat32(0, true) };
        offset += size;
        break;
      }
      case 2: {
        const length = readVarint(buffer, offset);
        offset = length.next;
        if (length.value < 0 || offset + length.value > buffer.length) throw new WireError('a length runs past the end of the data');
        yield { field, wire, bytes: buffer.subarray(offset, offset + length.value) };
        offset += length.value;
        break;
      }
      default:
        throw new WireError(`wire type ${wire} is not used by ONNX`);
    }
  }
}

/** Varints of a packed repeated field (e.g. TensorProto.dims written by protobuf ≥ 3). */
export function readPackedVarints(bytes: Uint8Array, max: number): number[] {
  const values: number[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (values.length >= max) throw new WireError(`a list holds more than ${max} numbers`);
    const v = readVarint(bytes, offset);
    values.push(v.value);
    offset = v.next;
  }
  return values;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** A string field, cut to `max` bytes for messages (names in ONNX are short). */
export function readString(bytes: Uint8Array, max = 256): string {
  const text = decoder.decode(bytes.subarray(0, max));
  return bytes.length > max ? `${text}…` : text;
}
