import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { woffToSfnt } from '../../../src/lib/woff.ts';

/** A minimal sfnt with the given tables, and the same font wrapped as WOFF (compressing where it helps). */
function fixture(tables: { tag: string; data: Buffer }[]): { sfnt: Buffer; woff: Buffer } {
  const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc(((b.length + 3) & ~3) - b.length)]);
  const n = tables.length;
  const selector = Math.floor(Math.log2(n));
  const range = 16 * 2 ** selector;
  const head = Buffer.alloc(12 + 16 * n);
  head.writeUInt32BE(0x00010000, 0);
  head.writeUInt16BE(n, 4);
  head.writeUInt16BE(range, 6);
  head.writeUInt16BE(selector, 8);
  head.writeUInt16BE(n * 16 - range, 10);
  let offset = head.length;
  const body: Buffer[] = [];
  const woffDir = Buffer.alloc(20 * n);
  const woffData: Buffer[] = [];
  let woffOffset = 44 + 20 * n;
  tables.forEach((t, i) => {
    head.write(t.tag, 12 + i * 16, 'latin1');
    head.writeUInt32BE(0x1234 + i, 16 + i * 16);
    head.writeUInt32BE(offset, 20 + i * 16);
    head.writeUInt32BE(t.data.length, 24 + i * 16);
    body.push(pad(t.data));
    offset += pad(t.data).length;
    const deflated = deflateSync(t.data);
    const stored = deflated.length < t.data.length ? deflated : t.data;
    woffDir.write(t.tag, i * 20, 'latin1');
    woffDir.writeUInt32BE(woffOffset, i * 20 + 4);
    woffDir.writeUInt32BE(stored.length, i * 20 + 8);
    woffDir.writeUInt32BE(t.data.length, i * 20 + 12);
    woffDir.writeUInt32BE(0x1234 + i, i * 20 + 16);
    woffData.push(pad(stored));
    woffOffset += pad(stored).length;
  });
  const woffHead = Buffer.alloc(44);
  woffHead.write('wOFF', 0, 'latin1');
  woffHead.writeUInt32BE(0x00010000, 4);
  woffHead.writeUInt32BE(woffOffset, 8);
  woffHead.writeUInt16BE(n, 12);
  return { sfnt: Buffer.concat([head, ...body]), woff: Buffer.concat([woffHead, woffDir, ...woffData]) };
}

describe('woffToSfnt', () => {
  it('restores the exact sfnt, with compressed and stored tables and 4-byte padding', () => {
    const { sfnt, woff } = fixture([
      { tag: 'cmap', data: Buffer.alloc(400, 7) }, // compresses
      { tag: 'head', data: Buffer.from([1, 2, 3, 4, 5, 6, 7]) }, // stored as is, needs padding
      { tag: 'name', data: Buffer.from('一盘棋 Noto Sans SC'.repeat(20)) },
    ]);
    expect(woffToSfnt(woff).equals(sfnt)).toBe(true);
  });

  it('refuses what is not WOFF, and a truncated file', () => {
    expect(() => woffToSfnt(Buffer.from('OTTO0000000000000000000000000000000000000000000000'))).toThrow(/not a WOFF/);
    const { woff } = fixture([{ tag: 'cmap', data: Buffer.alloc(400, 7) }]);
    expect(() => woffToSfnt(woff.subarray(0, woff.length - 10))).toThrow(/truncated/);
  });
});
