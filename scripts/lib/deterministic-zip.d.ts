/** Types of `scripts/lib/deterministic-zip.js`. */
export interface ZipEntry {
  /** Relative path inside the archive, printable ASCII. */
  readonly name: string;
  readonly data: Buffer | Uint8Array;
}

/** A zip of stored entries whose bytes depend only on the entries' names and contents. */
export declare function deterministicZip(entries: readonly ZipEntry[]): Buffer;
export declare function crc32(data: Buffer | Uint8Array): number;
