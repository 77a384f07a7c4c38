/**
 * Native messaging framing (docs/architecture.md §3): a 4-byte native-endian length, then that many bytes of
 * UTF-8 JSON. Lengths count bytes, not characters; input arrives in arbitrary chunks.
 * Pure: the host's stdio adapter and the tests feed it buffers.
 */
import { CardFillError } from '../errors';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function encodeNativeMessage(message: unknown, maxBytes: number): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(message));
  if (json.byteLength > maxBytes) {
    throw new CardFillError('INTERNAL', `Message of ${json.byteLength} bytes exceeds the ${maxBytes}-byte limit`);
  }
  const out = new Uint8Array(4 + json.byteLength);
  new DataView(out.buffer).setUint32(0, json.byteLength, LITTLE_ENDIAN);
  out.set(json, 4);
  return out;
}

type NativeFrameResult = { kind: 'message'; value: unknown } | { kind: 'error'; error: CardFillError; fatal: boolean };

/**
 * Streaming decoder. `push` returns every complete message in the chunk. A length over the cap is
 * fatal (the stream cannot be resynchronised); bad UTF-8 or JSON costs only that one message.
 */
export class NativeMessageDecoder {
  private buffer = new Uint8Array(0);
  private broken = false;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  constructor(private readonly maxBytes: number) {}

  push(chunk: Uint8Array): NativeFrameResult[] {
    if (this.broken) return [];
    const merged = new Uint8Array(this.buffer.byteLength + chunk.byteLength);
    merged.set(this.buffer, 0);
    merged.set(chunk, this.buffer.byteLength);
    const results: NativeFrameResult[] = [];
    let offset = 0;
    while (merged.byteLength - offset >= 4) {
      const length = new DataView(merged.buffer, merged.byteOffset + offset, 4).getUint32(0, LITTLE_ENDIAN);
      if (length > this.maxBytes) {
        this.broken = true;
        results.push({
          kind: 'error',
          fatal: true,
          error: new CardFillError('BAD_REQUEST', `Message of ${length} bytes exceeds the ${this.maxBytes}-byte limit`),
        });
        this.buffer = new Uint8Array(0);
        return results;
      }
      if (merged.byteLength - offset - 4 < length) break;
      const body = merged.subarray(offset + 4, offset + 4 + length);
      offset += 4 + length;
      results.push(this.parse(body));
    }
    this.buffer = merged.slice(offset);
    return results;
  }

  /** Bytes received but not yet a whole message (for diagnostics and end-of-input checks). */
  get pending(): number {
    return this.buffer.byteLength;
  }

  private parse(body: Uint8Array): NativeFrameResult {
    let text: string;
    try {
      text = this.utf8.decode(body);
    } catch {
      return { kind: 'error', fatal: false, error: new CardFillError('BAD_REQUEST', 'Message is not valid UTF-8') };
    }
    try {
      return { kind: 'message', value: JSON.parse(text) };
    } catch {
      return { kind: 'error', fatal: false, error: new CardFillError('BAD_REQUEST', 'Message is not valid JSON') };
    }
  }
}
