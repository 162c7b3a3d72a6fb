/**
 * The long connection's frame format (`pbbp2.Frame`, proto2; docs/lark-protocol.md §2.3), written
 * independently of the SDK's generated code so the test server checks the SDK's bytes rather than
 * sharing its encoder:
 *
 *   message Header { required string key = 1; required string value = 2; }
 *   message Frame { required uint64 SeqID = 1; required uint64 LogID = 2; required int32 service = 3;
 *     required int32 method = 4; repeated Header headers = 5; optional string payloadEncoding = 6;
 *     optional string payloadType = 7; optional bytes payload = 8; optional string LogIDNew = 9; }
 */

export interface Frame {
  SeqID: number;
  LogID: number;
  service: number;
  /** 0 = control (ping/pong), 1 = data (events and their acks). */
  method: number;
  headers: { key: string; value: string }[];
  payload?: Uint8Array;
}

const VARINT = 0;
const LENGTH_DELIMITED = 2;

function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = BigInt(value);
  if (v < 0n) v += 1n << 64n;
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v > 0n);
  return bytes;
}

const tag = (field: number, wire: number) => varint((field << 3) | wire);

function lengthDelimited(field: number, bytes: Uint8Array): number[] {
  return [...tag(field, LENGTH_DELIMITED), ...varint(bytes.length), ...bytes];
}

const utf8 = (text: string) => new TextEncoder().encode(text);

export function encodeFrame(frame: Frame): Buffer {
  const out: number[] = [
    ...tag(1, VARINT),
    ...varint(frame.SeqID),
    ...tag(2, VARINT),
    ...varint(frame.LogID),
    ...tag(3, VARINT),
    ...varint(frame.service),
    ...tag(4, VARINT),
    ...varint(frame.method),
  ];
  for (const header of frame.headers) {
    const body = [...lengthDelimited(1, utf8(header.key)), ...lengthDelimited(2, utf8(header.value))];
    out.push(...lengthDelimited(5, Uint8Array.from(body)));
  }
  if (frame.payload !== undefined) out.push(...lengthDelimited(8, frame.payload));
  return Buffer.from(out);
}

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = this.bytes[this.pos++];
      if (byte === undefined) throw new Error('truncated varint');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  }

  chunk(): Uint8Array {
    const length = Number(this.varint());
    const slice = this.bytes.subarray(this.pos, this.pos + length);
    if (slice.length !== length) throw new Error('truncated field');
    this.pos += length;
    return slice;
  }

  skip(wire: number): void {
    if (wire === VARINT) this.varint();
    else if (wire === LENGTH_DELIMITED) this.chunk();
    else if (wire === 1) this.pos += 8;
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

/** Decodes a frame, refusing one that lacks a required field as the SDK's decoder does. */
export function decodeFrame(bytes: Uint8Array): Frame {
  const reader = new Reader(bytes);
  const frame: Partial<Frame> & { headers: Frame['headers'] } = { headers: [] };
  const text = (chunk: Uint8Array) => new TextDecoder().decode(chunk);
  while (!reader.done) {
    const key = Number(reader.varint());
    const field = key >> 3;
    const wire = key & 7;
    if (field === 1 && wire === VARINT) frame.SeqID = Number(reader.varint());
    else if (field === 2 && wire === VARINT) frame.LogID = Number(reader.varint());
    else if (field === 3 && wire === VARINT) frame.service = Number(BigInt.asIntN(32, reader.varint()));
    else if (field === 4 && wire === VARINT) frame.method = Number(BigInt.asIntN(32, reader.varint()));
    else if (field === 5 && wire === LENGTH_DELIMITED) {
      const inner = new Reader(reader.chunk());
      const header: Partial<{ key: string; value: string }> = {};
      while (!inner.done) {
        const k = Number(inner.varint());
        if (k >> 3 === 1 && (k & 7) === LENGTH_DELIMITED) header.key = text(inner.chunk());
        else if (k >> 3 === 2 && (k & 7) === LENGTH_DELIMITED) header.value = text(inner.chunk());
        else inner.skip(k & 7);
      }
      if (header.key === undefined || header.value === undefined) throw new Error('header without key or value');
      frame.headers.push({ key: header.key, value: header.value });
    } else if (field === 8 && wire === LENGTH_DELIMITED) frame.payload = Uint8Array.from(reader.chunk());
    else reader.skip(wire);
  }
  for (const required of ['SeqID', 'LogID', 'service', 'method'] as const) {
    if (frame[required] === undefined) throw new Error(`frame without ${required}`);
  }
  return frame as Frame;
}

export function headerOf(frame: Frame, key: string): string | undefined {
  return frame.headers.find((h) => h.key === key)?.value;
}
