/**
 * A bounded WAV (RIFF/WAVE) decoder: PCM 8/16/24/32-bit, IEEE float 32/64, WAVE_FORMAT_EXTENSIBLE
 * of either, any channel count. It returns the first channel as float32 in [-1, 1] (torchaudio's
 * normalized load, of which Ludwig reads channel 0: `audio[0]`). Every size a header claims is
 * checked against the bytes the file holds before anything is allocated, so a hostile header
 * cannot make it allocate more than the file's own size (one float32 per frame of channel 0).
 *
 * Why not a package: the WAV decoders on npm (wavefile, node-wav) convert every channel to
 * float64 arrays sized from the header; this one reads channel 0 straight from the buffer.
 */

/** A cell whose bytes are no WAV this decoder reads (the message says why). */
export class AudioDecodeError extends Error {}

export interface DecodedWav {
  sampleRate: number;
  channels: number;
  /** Bits per sample as stored (8, 16, 24, 32, 64). */
  bitsPerSample: number;
  format: 'pcm' | 'float';
  /** Channel 0, one value per frame, in [-1, 1] for PCM. */
  samples: Float32Array;
}

/** Most frames decoded from one file (2^25: 35 minutes at 16 kHz, 128 MiB of float32). */
export const MAX_AUDIO_FRAMES = 2 ** 25;

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** Whether bytes start like a WAV file (for telling bare base64 from a path). */
export function isWav(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && ascii(bytes, 0) === 'RIFF' && ascii(bytes, 8) === 'WAVE';
}

function ascii(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

interface Format {
  tag: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bitsPerSample: number;
}

function readFormat(view: DataView, at: number, size: number): Format {
  if (size < 16) throw new AudioDecodeError(`is not a readable WAV file: its fmt chunk has ${size} bytes, fewer than 16`);
  let tag = view.getUint16(at, true);
  const format: Format = {
    tag,
    channels: view.getUint16(at + 2, true),
    sampleRate: view.getUint32(at + 4, true),
    blockAlign: view.getUint16(at + 12, true),
    bitsPerSample: view.getUint16(at + 14, true),
  };
  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    // cbSize (2), valid bits (2), channel mask (4), then the sub-format GUID whose first two bytes are the format tag.
    if (size < 40) throw new AudioDecodeError('is not a readable WAV file: its WAVE_FORMAT_EXTENSIBLE fmt chunk is shorter than 40 bytes');
    tag = view.getUint16(at + 24, true);
    format.tag = tag;
  }
  return format;
}

/** The sample decoder of one format: the value of channel 0 of the frame starting at byte `at`. */
function sampleReader(view: DataView, format: Format): (at: number) => number {
  const { tag, bitsPerSample: bits } = format;
  if (tag === WAVE_FORMAT_PCM) {
    switch (bits) {
      case 8: return (at) => (view.getUint8(at) - 128) / 128;
      case 16: return (at) => view.getInt16(at, true) / 32768;
      case 24: return (at) => ((view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16))) / 8388608;
      case 32: return (at) => view.getInt32(at, true) / 2147483648;
      default: throw new AudioDecodeError(`is a ${bits}-bit PCM WAV file; 8, 16, 24 and 32-bit PCM are read`);
    }
  }
  if (tag === WAVE_FORMAT_IEEE_FLOAT) {
    if (bits === 32) return (at) => view.getFloat32(at, true);
    if (bits === 64) return (at) => view.getFloat64(at, true);
    throw new AudioDecodeError(`is a ${bits}-bit float WAV file; 32 and 64-bit float are read`);
  }
  throw new AudioDecodeError(`is a WAV file in format ${tag} (compressed or unknown); PCM and IEEE float WAV files are read`);
}

/** Decodes a WAV file's bytes (see the module comment); throws AudioDecodeError with the reason. */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  if (!isWav(bytes)) {
    throw new AudioDecodeError(bytes.length === 0 ? 'is an empty file, not a WAV file' : 'is not a WAV file (no RIFF/WAVE header); audio is read from WAV files');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: Format | null = null;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = ascii(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    const available = bytes.length - body;
    if (id === 'fmt ') {
      if (size > available) throw new AudioDecodeError('is a truncated WAV file (it ends inside its fmt chunk)');
      format = readFormat(view, body, size);
    } else if (id === 'data') {
      if (!format) throw new AudioDecodeError('is not a readable WAV file: its data chunk comes before any fmt chunk');
      if (size > available) {
        throw new AudioDecodeError(`is a truncated WAV file: its data chunk claims ${size} bytes and the file holds ${available} after the header`);
      }
      return decodeData(view, body, size, format);
    }
    // Chunks are padded to an even size.
    at = body + size + (size % 2);
  }
  throw new AudioDecodeError(format ? 'is a WAV file with no data chunk (truncated?)' : 'is not a readable WAV file: it has no fmt chunk');
}

function decodeData(view: DataView, at: number, size: number, format: Format): DecodedWav {
  const { channels, sampleRate, bitsPerSample } = format;
  if (channels < 1) throw new AudioDecodeError('is not a readable WAV file: its fmt chunk says 0 channels');
  if (sampleRate < 1) throw new AudioDecodeError('is not a readable WAV file: its fmt chunk says a sampling rate of 0 Hz');
  const read = sampleReader(view, format);
  const bytesPerSample = bitsPerSample / 8;
  const frameBytes = bytesPerSample * channels;
  // Trust the sample size over blockAlign (some writers get it wrong), but never read past the chunk.
  if (format.blockAlign !== 0 && format.blockAlign !== frameBytes) {
    throw new AudioDecodeError(`is not a readable WAV file: its block size (${format.blockAlign} bytes) does not match ${channels} channel(s) of ${bitsPerSample} bits`);
  }
  const frames = Math.floor(size / frameBytes);
  if (frames > MAX_AUDIO_FRAMES) {
    throw new AudioDecodeError(`holds ${frames} samples per channel (${(frames / sampleRate / 60).toFixed(1)} minutes at ${sampleRate} Hz); files of up to ${MAX_AUDIO_FRAMES} samples are read`);
  }
  const samples = new Float32Array(frames);
  for (let i = 0; i < frames; i++) samples[i] = read(at + i * frameBytes);
  return { sampleRate, channels, bitsPerSample, format: format.tag === WAVE_FORMAT_PCM ? 'pcm' : 'float', samples };
}

/** Writes a PCM or float WAV file (tests, the bench's generator, the playground's recordings). */
export function encodeWav(channelsData: readonly Float32Array[], sampleRate: number, options: { bits?: 8 | 16 | 24 | 32 | 64; float?: boolean; extensible?: boolean } = {}): Buffer {
  const bits = options.bits ?? 16;
  const float = options.float ?? false;
  const channels = channelsData.length;
  const frames = channelsData[0]?.length ?? 0;
  const bytesPerSample = bits / 8;
  const dataSize = frames * channels * bytesPerSample;
  const fmtSize = options.extensible ? 40 : 16;
  const out = Buffer.alloc(12 + 8 + fmtSize + 8 + dataSize);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(out.length - 8, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(fmtSize, 16);
  const tag = float ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM;
  out.writeUInt16LE(options.extensible ? WAVE_FORMAT_EXTENSIBLE : tag, 20);
  out.writeUInt16LE(channels, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * channels * bytesPerSample, 28);
  out.writeUInt16LE(channels * bytesPerSample, 32);
  out.writeUInt16LE(bits, 34);
  if (options.extensible) {
    out.writeUInt16LE(22, 36);
    out.writeUInt16LE(bits, 38);
    out.writeUInt32LE(0, 40);
    out.writeUInt16LE(tag, 44);
    // The rest of KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT's GUID.
    Buffer.from([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71]).copy(out, 46);
  }
  const dataAt = 20 + fmtSize;
  out.write('data', dataAt, 'ascii');
  out.writeUInt32LE(dataSize, dataAt + 4);
  let p = dataAt + 8;
  const clip = (v: number) => Math.max(-1, Math.min(1, v));
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++) {
      const v = channelsData[c][i];
      if (float) {
        if (bits === 64) out.writeDoubleLE(v, p);
        else out.writeFloatLE(v, p);
      } else {
        // The scale the decoder divides by (2^(bits−1)), the top code clipped.
        const full = 2 ** (bits - 1);
        const code = Math.min(full - 1, Math.round(clip(v) * full));
        if (bits === 8) out.writeUInt8(code + 128, p);
        else if (bits === 16) out.writeInt16LE(code, p);
        else if (bits === 24) out.writeIntLE(code, p, 3);
        else out.writeInt32LE(code, p);
      }
      p += bytesPerSample;
    }
  }
  return out;
}
