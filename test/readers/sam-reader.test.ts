/**
 * SamFrameReader on a scripted wire: what it does with replies that come late, in pieces, after
 * noise, or not at all. The link here only replays bytes; framing and decisions are the real code.
 */
import { describe, expect, it } from 'vitest';
import { SamFrameReader, type ByteLink } from '../../native-host/readers/sam-reader';
import { SYNTHETIC_CARDS } from '../../src/card/synthetic';
import { COMMANDS, encodeReadBaseData, encodeRequest, encodeResponse } from '../../src/sam/frame';
import { codeOf } from './helpers';

/** A link that answers each written request with the next scripted byte strings. */
class ScriptedLink implements ByteLink {
  readonly baud = 115200;
  isOpen = false;
  written: Uint8Array[] = [];
  private listener: (c: Uint8Array) => void = () => {};
  constructor(private readonly script: Uint8Array[][]) {}
  async open() {
    this.isOpen = true;
  }
  async write(bytes: Uint8Array) {
    this.written.push(bytes);
    const replies = this.script.shift() ?? [];
    setTimeout(() => {
      for (const r of replies) for (let i = 0; i < r.length; i += 7) this.listener(r.subarray(i, i + 7));
    }, 1);
  }
  onData(l: (c: Uint8Array) => void) {
    this.listener = l;
  }
  onClose() {}
  async close() {
    this.isOpen = false;
  }
}

const info = { spec: 'test', kind: 'serial' as const, name: 'scripted' };
const card = SYNTHETIC_CARDS.resident;
const readReply = encodeResponse(0x90, encodeReadBaseData(card.text, card.photo));

describe('SamFrameReader', () => {
  it('skips a late reply to an earlier command and takes its own', async () => {
    // The find is answered first by a stale read reply (from a timed-out read), then its own 9F.
    const link = new ScriptedLink([[readReply, encodeResponse(0x9f, new Uint8Array(4))]]);
    const reader = new SamFrameReader(info, link);
    expect(await reader.find()).toBe(true);
    expect(link.written[0]).toEqual(encodeRequest(COMMANDS.FIND_CARD));
  });

  it('reassembles a reply in 7-byte pieces after noise and reads the append address status', async () => {
    const link = new ScriptedLink([[Uint8Array.of(1, 2, 3, 0xaa), readReply], [encodeResponse(0x91)]]);
    const reader = new SamFrameReader(info, link);
    const raw = await reader.readBase();
    expect(raw.text).toEqual(card.text);
    expect(raw.photo).toEqual({ mime: 'application/x-wlt', bytes: card.photo });
    expect(raw.appendAddress).toBeNull();
    expect(link.written.map((w) => w[8])).toEqual([0x01, 0x03]); // 30 01 then 30 03
  });

  it('turns status-only replies into their typed errors', async () => {
    const reader = new SamFrameReader(info, new ScriptedLink([[encodeResponse(0x81)], [encodeResponse(0x60)], [encodeResponse(0x33)]]));
    expect(await codeOf(reader.select())).toBe('READ_FAILED');
    expect(await codeOf(reader.samStatus())).toBe('SAM_ERROR');
    expect(await codeOf(reader.readBase())).toBe('READ_FAILED');
  });

  it('says TIMEOUT when nothing comes back, within the find budget', async () => {
    const reader = new SamFrameReader(info, new ScriptedLink([[]]));
    const started = Date.now();
    const error = await reader.find().catch((e: Error) => e);
    expect((error as { code?: string }).code).toBe('TIMEOUT');
    expect((error as Error).message).toMatch(/did not answer "find card"/);
    expect(Date.now() - started).toBeLessThan(1200);
  });

  it('reads the SAM ID (12 FF) as 16 bytes of hex', async () => {
    const reader = new SamFrameReader(info, new ScriptedLink([[encodeResponse(0x90, new Uint8Array(16).fill(0x0f))]]));
    expect(await reader.samId()).toBe('0f'.repeat(16));
  });
});
