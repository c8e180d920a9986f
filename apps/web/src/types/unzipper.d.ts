// The part of unzipper (exceljs' own zip library) the .xlsx preview uses; the package ships no types.
declare module 'unzipper' {
  import type { Readable } from 'node:stream';

  export interface CentralDirectoryEntry {
    path: string;
    type: 'File' | 'Directory';
    uncompressedSize: number;
    /** The entry's decompressed bytes, read from its local header on. */
    stream(password?: string): Readable;
  }

  export interface CentralDirectory {
    files: CentralDirectoryEntry[];
  }

  /** Where the zip's bytes come from: `stream(offset, length?)` reads from offset (to the end when no length). */
  export interface RandomAccessSource {
    size(): Promise<number>;
    stream(offset: number, length?: number): Readable;
  }

  const unzipper: {
    Open: {
      custom(source: RandomAccessSource, options?: { tailSize?: number }): Promise<CentralDirectory>;
    };
  };
  export default unzipper;
}
