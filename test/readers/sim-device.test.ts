import { describe, expect, it } from 'vitest';
import { SYNTHETIC_CARDS } from '../../src/card/synthetic';
import {
  COMMANDS,
  encodeFrame,
  encodeRequest,
  FrameDecoder,
  parseReadBaseData,
  parseReadBaseFpData,
  parseResponseBody,
  type SamCommand,
  type SamResponse,
} from '../../src/sam/frame';
import { parseSimFault, SimSamDevice } from '../../native-host/readers/sim-device';
import { parseAppendAddressData } from '../../src/card/append-address';

/** Send one request and decode the device's reply with the real codec. */
function ask(device: SimSamDevice, command: Pick<SamCommand, 'cmd' | 'para'>, data?: Uint8Array): SamResponse | null {
  const replies = device.receive(encodeRequest(command, data));
  if (replies.length === 0) return null;
  const events = new FrameDecoder().push(replies[0]!);
  const frame = events.find((e) => e.kind === 'frame');
  return frame && frame.kind === 'frame' ? parseResponseBody(frame.body) : null;
}
const sw = (r: SamResponse | null) => r?.sw3;

describe('simulated SAM device', () => {
  it('answers the standard sequence find 9F → select 90 → read 90 with the card bytes', () => {
    const d = new SimSamDevice({ card: 'hmt' });
    expect(sw(ask(d, COMMANDS.FIND_CARD))).toBe(0x9f);
    expect(sw(ask(d, COMMANDS.SELECT_CARD))).toBe(0x90);
    const read = ask(d, COMMANDS.READ_BASE)!;
    expect(read.sw3).toBe(0x90);
    const m = parseReadBaseData(read.data);
    expect(m.text).toEqual(SYNTHETIC_CARDS.hmt.text);
    expect(m.photo).toEqual(SYNTHETIC_CARDS.hmt.photo);
  });

  it('halts the card after a read until it is placed again (§1.6)', () => {
    const d = new SimSamDevice({ card: 'resident' });
    ask(d, COMMANDS.FIND_CARD);
    ask(d, COMMANDS.SELECT_CARD);
    ask(d, COMMANDS.READ_BASE);
    expect(sw(ask(d, COMMANDS.FIND_CARD))).toBe(0x80);
    expect(sw(ask(d, COMMANDS.SELECT_CARD))).toBe(0x81);
    d.place();
    expect(sw(ask(d, COMMANDS.FIND_CARD))).toBe(0x9f);
  });

  it('answers 30 10 with FP length 0, and 30 03 with 91 or the newer address', () => {
    const d = new SimSamDevice({ card: 'resident-new-address' });
    ask(d, COMMANDS.FIND_CARD);
    ask(d, COMMANDS.SELECT_CARD);
    const fp = ask(d, COMMANDS.READ_BASE_FP)!;
    expect(parseReadBaseFpData(fp.data).fingerprint).toBeNull();
    const append = ask(d, COMMANDS.READ_APPEND)!;
    expect(append.sw3).toBe(0x90);
    expect(parseAppendAddressData(append.data)).toBe(SYNTHETIC_CARDS['resident-new-address'].appendAddress);
    const plain = new SimSamDevice({ card: 'resident' });
    ask(plain, COMMANDS.FIND_CARD);
    ask(plain, COMMANDS.SELECT_CARD);
    ask(plain, COMMANDS.READ_BASE);
    expect(sw(ask(plain, COMMANDS.READ_APPEND))).toBe(0x91);
  });

  it('refuses steps out of order', () => {
    const d = new SimSamDevice({ card: 'resident' });
    expect(sw(ask(d, COMMANDS.SELECT_CARD))).toBe(0x81);
    expect(sw(ask(d, COMMANDS.READ_BASE))).toBe(0x41);
  });

  it('answers the management commands', () => {
    const d = new SimSamDevice({ card: null });
    expect(sw(ask(d, COMMANDS.SAM_STATUS))).toBe(0x90);
    expect(sw(ask(d, COMMANDS.RESET_SAM))).toBe(0x90);
    expect(ask(d, COMMANDS.SAM_ID)!.data).toHaveLength(16);
    expect(sw(ask(d, { cmd: 0x60, para: 0x04 }))).toBe(0x90);
    expect(d.paceBaud).toBe(115200); // the reply still leaves at the old rate
    expect(sw(ask(d, COMMANDS.SAM_STATUS))).toBe(0x90);
    expect(d.paceBaud).toBe(9600);
    expect(sw(ask(d, { cmd: 0x60, para: 0x09 }))).toBe(0x21);
    expect(sw(ask(d, COMMANDS.SET_MAX_RF_BYTES, Uint8Array.of(0x50)))).toBe(0x90);
    expect(sw(ask(d, COMMANDS.SET_MAX_RF_BYTES, Uint8Array.of(10)))).toBe(0x21);
    expect(sw(ask(d, { cmd: 0x77, para: 0x00 }))).toBe(0x21);
    expect(sw(ask(d, COMMANDS.FIND_CARD))).toBe(0x80); // empty reader
  });

  it('answers a request with a bad checksum with 0x10', () => {
    const d = new SimSamDevice({ card: 'resident' });
    const bad = encodeRequest(COMMANDS.FIND_CARD);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 1;
    const reply = new FrameDecoder().push(d.receive(bad)[0]!)[0]!;
    expect(reply.kind === 'frame' && parseResponseBody(reply.body).sw3).toBe(0x10);
    const short = d.receive(encodeFrame(Uint8Array.of(0x20)))[0]!;
    const r2 = new FrameDecoder().push(short)[0]!;
    expect(r2.kind === 'frame' && parseResponseBody(r2.body).sw3).toBe(0x11);
  });

  it('injects each fault where a real reader would show it', () => {
    const readWith = (fault: Parameters<typeof parseSimFault>[0]) => {
      const d = new SimSamDevice({ card: 'resident', fault: parseSimFault(fault) });
      const find = d.receive(encodeRequest(COMMANDS.FIND_CARD));
      const select = d.receive(encodeRequest(COMMANDS.SELECT_CARD));
      const read = d.receive(encodeRequest(COMMANDS.READ_BASE));
      return { d, find, select, read };
    };
    expect(sw(parseResponseBody((new FrameDecoder().push(readWith('no-card').find[0]!)[0] as { body: Uint8Array }).body))).toBe(0x80);
    const silent = readWith('silence');
    expect([silent.find, silent.select, silent.read]).toEqual([[], [], []]);
    const removed = readWith('removed');
    expect(removed.d.cardPresent).toBe(false);
    expect(new FrameDecoder().push(readWith('checksum').read[0]!)[0]!.kind).toBe('error');
    const truncated = readWith('truncated').read[0]!;
    expect(truncated.length).toBeLessThan(1295);
    expect(new FrameDecoder().push(truncated)).toEqual([]);
    const garbage = readWith('garbage').read[0]!;
    expect(garbage.includes(0xaa)).toBe(false);
    expect(readWith('slow').d.paceBaud).toBe(9600);
    const samFail = new SimSamDevice({ card: 'resident', fault: 'sam-failure' });
    expect(sw(ask(samFail, COMMANDS.SAM_STATUS))).toBe(0x60);
    expect(sw(ask(samFail, COMMANDS.FIND_CARD))).toBe(0x60);
    const unsupported = readWith('unsupported').read[0]!;
    expect(unsupported[9]).toBe(0x40);
  });

  it('rejects unknown fault names with the list', () => {
    expect(() => parseSimFault('melted')).toThrow(/no-card, removed/);
    expect(parseSimFault(null)).toBeNull();
  });
});
