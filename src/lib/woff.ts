import { inflateSync } from 'node:zlib';

/**
 * WOFF 1.0 → the sfnt (TrueType/OpenType) font it wraps. A WOFF file is the sfnt's tables, each
 * zlib-compressed when that made it smaller, behind a 44-byte header and a 20-byte directory entry
 * per table (W3C WOFF 1.0 §3–§5). Renderers that read only TTF/OTF (resvg) get the font back without a
 * font tool. Table order, checksums and flavor are kept; tables are 4-byte aligned as sfnt requires.
 */
export function woffToSfnt(woff: Uint8Array): Buffer {
  const input = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (input.length < 44 || input.readUInt32BE(0) !== 0x774f4646)
    throw new Error('not a WOFF 1.0 font (signature wOFF missing)');
  const flavor = input.readUInt32BE(4);
  const numTables = input.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    if (at + 20 > input.length) throw new Error('WOFF table directory is truncated');
    return {
      tag: input.readUInt32BE(at),
      offset: input.readUInt32BE(at + 4),
      compLength: input.readUInt32BE(at + 8),
      origLength: input.readUInt32BE(at + 12),
      checksum: input.readUInt32BE(at + 16),
    };
  });
  const padded = (n: number) => (n + 3) & ~3;
  const headerSize = 12 + 16 * numTables;
  const output = Buffer.alloc(tables.reduce((size, t) => size + padded(t.origLength), headerSize));
  // sfnt offset table: searchRange etc. derive from the largest power of two ≤ numTables.
  const entrySelector = numTables > 0 ? Math.floor(Math.log2(numTables)) : 0;
  const searchRange = 16 * 2 ** entrySelector;
  output.writeUInt32BE(flavor, 0);
  output.writeUInt16BE(numTables, 4);
  output.writeUInt16BE(searchRange, 6);
  output.writeUInt16BE(entrySelector, 8);
  output.writeUInt16BE(numTables * 16 - searchRange, 10);
  let offset = headerSize;
  tables.forEach((table, i) => {
    if (table.offset + table.compLength > input.length) throw new Error('WOFF table data is truncated');
    const stored = input.subarray(table.offset, table.offset + table.compLength);
    const data = table.compLength < table.origLength ? inflateSync(stored) : stored;
    if (data.length !== table.origLength) throw new Error('WOFF table does not inflate to its declared length');
    const entry = 12 + i * 16;
    output.writeUInt32BE(table.tag, entry);
    output.writeUInt32BE(table.checksum, entry + 4);
    output.writeUInt32BE(offset, entry + 8);
    output.writeUInt32BE(table.origLength, entry + 12);
    data.copy(output, offset);
    offset += padded(table.origLength);
  });
  return output;
}
