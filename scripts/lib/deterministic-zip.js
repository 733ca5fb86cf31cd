// A zip writer whose output depends on the entries' names and bytes alone: entries sorted by
// name, every timestamp 1980-01-01 00:00 (the zip epoch), every file mode 0644, no extra fields,
// no comments. The same input gives the same bytes, so Lambda's source_code_hash changes only
// when the code does.
//
// Entries are stored, not deflated: deflate output depends on the zlib build and on the CPU
// features it uses (Node bundles Chromium's zlib, which picks hashing by CPU), so compressed
// bytes could differ between a laptop and CI for the same input.
'use strict';

const SIGNATURE = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50 };
const VERSION_NEEDED = 20; // 2.0: the baseline every reader supports
const MADE_BY_UNIX = (3 << 8) | VERSION_NEEDED;
const STORED = 0;
const DOS_TIME = 0; // 00:00:00
const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const FILE_MODE = 0o100644; // regular file, rw-r--r--
const MAX_32 = 0xffffffff;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data) {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * @param {{ name: string, data: Buffer }[]} entries
 * @returns {Buffer}
 */
function deterministicZip(entries) {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = new Set();
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const entry of sorted) {
    if (names.has(entry.name)) throw new Error(`deterministicZip: duplicate entry ${entry.name}`);
    if (!/^[\x20-\x7e]+$/.test(entry.name) || entry.name.startsWith('/')) {
      throw new Error(`deterministicZip: entry name ${JSON.stringify(entry.name)} must be relative printable ASCII`);
    }
    names.add(entry.name);
    const name = Buffer.from(entry.name, 'ascii');
    const data = Buffer.from(entry.data);
    if (data.length > MAX_32 || offset > MAX_32) throw new Error('deterministicZip: entries over 4 GB need ZIP64, which this writer does not write');
    const crc = crc32(data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(SIGNATURE.local, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    local.writeUInt16LE(0, 6); // flags
    local.writeUInt16LE(STORED, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18); // compressed size
    local.writeUInt32LE(data.length, 22); // uncompressed size
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    locals.push(local, name, data);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(SIGNATURE.central, 0);
    central.writeUInt16LE(MADE_BY_UNIX, 4);
    central.writeUInt16LE(VERSION_NEEDED, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(STORED, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE((FILE_MODE << 16) >>> 0, 38); // external attributes: unix mode
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(SIGNATURE.end, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20);
  return Buffer.concat([...locals, ...centrals, end]);
}

module.exports = { deterministicZip, crc32 };
