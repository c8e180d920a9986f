import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { dataError } from '../data-error.js';
import { limitError, ratioFloorBytes, type ReadLimits } from './read-limits.js';

/**
 * A zip archive read by random access (yauzl: the central directory first, then only the entries
 * asked for), with every entry's decompressed bytes counted against the limits as they stream.
 * Nothing is written to disk. yauzl also checks that an entry inflates to exactly the size its
 * directory record declares, so a lying header fails rather than running on; our own count is
 * kept anyway, so the caps hold whatever the headers say.
 */
export class BoundedZip {
  private unpacked = 0;

  private constructor(
    private readonly file: string,
    private readonly zip: ZipFile,
    readonly entries: ReadonlyMap<string, Entry>,
    private readonly limits: ReadLimits,
  ) {}

  /**
   * Opens `file` and reads its directory; `describe` names the format in errors ("an Excel (.xlsx)
   * workbook"); `entriesLimit` is the cap on its entries (a workbook's by default).
   */
  static async open(file: string, limits: ReadLimits, describe: string, entriesLimit: 'maxArchiveEntries' | 'maxDatasetArchiveEntries' = 'maxArchiveEntries'): Promise<BoundedZip> {
    let zip: ZipFile;
    try {
      zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false });
    } catch (error) {
      throw dataError(file, `is not ${describe}: it is not a readable zip archive (${(error as Error).message}).`);
    }
    try {
      if (zip.entryCount > limits[entriesLimit]) {
        throw limitError(file, `holds ${zip.entryCount.toLocaleString('en-US')} archive entries`, entriesLimit, limits);
      }
      const entries = new Map<string, Entry>();
      for await (const entry of zip.eachEntry()) {
        if (entries.size >= limits[entriesLimit]) throw limitError(file, 'holds more archive entries than its directory declares', entriesLimit, limits);
        entries.set(entry.fileName, entry);
      }
      return new BoundedZip(file, zip, entries, limits);
    } catch (error) {
      zip.close();
      if (error instanceof Error && error.name === 'OvertureError') throw error;
      throw dataError(file, `is not ${describe}: its zip directory is damaged (${(error as Error).message}).`);
    }
  }

  /**
   * The decompressed chunks of one entry. Declared sizes are checked before a byte is inflated,
   * actual sizes after every chunk; breaking out of the loop closes the entry's stream.
   */
  async *read(name: string): AsyncGenerator<Buffer> {
    const entry = this.entries.get(name);
    if (!entry) throw dataError(this.file, `has no part '${name}'.`);
    this.checkSize(name, entry.uncompressedSize, entry.compressedSize, 'declares', this.unpacked + entry.uncompressedSize);
    let stream;
    try {
      stream = await this.zip.openReadStreamPromise(entry);
    } catch (error) {
      throw dataError(this.file, `cannot open its part '${name}' (${(error as Error).message}).`);
    }
    let produced = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        produced += chunk.length;
        this.unpacked += chunk.length;
        this.checkSize(name, produced, entry.compressedSize, 'expands to', this.unpacked);
        yield chunk;
      }
    } catch (error) {
      if (error instanceof Error && error.name === 'OvertureError') throw error;
      throw dataError(this.file, `has a damaged part '${name}' (${(error as Error).message}).`);
    } finally {
      stream.destroy();
    }
  }

  close(): void {
    this.zip.close();
  }

  /** `size`: this entry's (declared or produced so far); `total`: the whole archive's so far. */
  private checkSize(name: string, size: number, compressedSize: number, verb: string, total: number): void {
    const { limits } = this;
    const mb = (bytes: number) => `${Math.round(bytes / 1024 ** 2).toLocaleString('en-US')} MB`;
    if (size > limits.maxUnpackedBytes) {
      throw limitError(this.file, `'${name}' ${verb} ${mb(size)} when decompressed`, 'maxUnpackedBytes', limits);
    }
    if (total > limits.maxUnpackedBytes) {
      throw limitError(this.file, `decompresses to more than ${mb(total)} with '${name}'`, 'maxUnpackedBytes', limits);
    }
    if (size > ratioFloorBytes && size > compressedSize * limits.maxUnpackRatio) {
      const ratio = Math.round(size / Math.max(1, compressedSize));
      throw limitError(this.file, `'${name}' ${verb} ${ratio.toLocaleString('en-US')} times its compressed size`, 'maxUnpackRatio', limits);
    }
  }
}
