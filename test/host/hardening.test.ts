/**
 * Host hardening (SECURITY.md): the real built host checks who started it, takes only requests
 * with exactly the allowed keys and types, caps message sizes both ways, and — with its debug log on — never writes card data to stderr or
 * to its one state file; its reader cache is bounded.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { NativeMessagingHost, READER_CACHE_SIZE } from '../../native-host/messaging';
import type { CardRecord } from '../../src/card/record';
import { SYNTHETIC_CARDS, SYNTHETIC_CARD_NAMES } from '../../src/card/synthetic';
import { NativeMessageDecoder } from '../../src/protocol/framing';
import { MAX_REPLY_BYTES, MAX_REQUEST_BYTES, type HostMessage } from '../../src/protocol/messages';
import { DEV_ORIGIN, HOST_BIN, HostClient } from './client';

const work = mkdtempSync(join(tmpdir(), 'cardfill-hardening-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function frame(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, body.length, true);
  out.set(body, 4);
  return out;
}
const text = (s: string) => new TextEncoder().encode(s);

describe('the host checks who started it', () => {
  const refused: [string, string[]][] = [
    ['an extension id that is not ours', ['chrome-extension://abcdefghijklmnopabcdefghijklmnop/']],
    ['a malformed origin (uppercase id)', ['chrome-extension://KGMCDHOPPPDLGGGHPGBCMPGEMACCDMOC/']],
    ['a malformed origin (path after the id)', ['chrome-extension://kgmcdhopppdlggghpgbcmpgemaccdmoc/evil']],
    ['a malformed origin (id too short)', ['chrome-extension://kgmcdhopppdlggghpgbcmpgemaccdmo/']],
    ['a Firefox caller with another add-on id', ['/tmp/cn.cardfill.host.json', 'evil@example.com']],
  ];
  it.each(refused)('refuses %s: exits 1, no protocol frame, says why on stderr', async (_what, args) => {
    const host = new HostClient(args);
    expect(await host.exited).toBe(1);
    expect(host.messages).toEqual([]);
    expect(host.stderr).toMatch(/not allowed|not a valid/i);
  });

  it('serves our Chrome origin and our Firefox id', async () => {
    for (const args of [[DEV_ORIGIN], ['/tmp/cn.cardfill.host.json', 'cardfill@cardfill.cn']]) {
      const host = new HostClient(args);
      expect((await host.next((m) => m.type === 'hello')).type).toBe('hello');
      expect(await host.close()).toBe(0);
    }
  });

  it('does not enter native messaging mode without a browser caller', () => {
    const r = spawnSync(process.execPath, [HOST_BIN], { input: frame(text('{"id":1,"type":"read"}')), encoding: 'buffer' });
    expect(r.status).toBe(2); // usage, no read
    expect(r.stdout.toString('utf8')).toMatch(/Usage/);
  });
});

describe('every request is checked for exact keys and types', () => {
  const bad: [string, unknown][] = [
    ['an unknown key', { id: 1, type: 'read', evil: true }],
    ['a "__proto__" key', JSON.parse('{"id":1,"type":"read","__proto__":{"photo":true}}')],
    ['a "constructor" key', JSON.parse('{"id":1,"type":"status","constructor":1}')],
    ['a missing id', { type: 'status' }],
    ['a negative id', { id: -1, type: 'status' }],
    ['a fractional id', { id: 1.5, type: 'status' }],
    ['an id as a string', { id: '1', type: 'status' }],
    ['an unknown type', { id: 1, type: 'format-disk' }],
    ['a type in another case', { id: 1, type: 'READ' }],
    ['a reader spec with a newline', { id: 1, type: 'read', reader: 'sim\nserial:/dev/ttyS0' }],
    ['a reader spec over 512 characters', { id: 1, type: 'read', reader: 'x'.repeat(513) }],
    ['photo as a string', { id: 1, type: 'read', photo: 'yes' }],
    ['timeoutMs below 100', { id: 1, type: 'read', timeoutMs: 99 }],
    ['timeoutMs above 120000', { id: 1, type: 'read', timeoutMs: 120_001 }],
    ['cancel without a target', { id: 1, type: 'cancel' }],
    ['unwatch with a reader', { id: 1, type: 'unwatch', reader: 'sim' }],
    ['an array', [1, 'read']],
    ['null', null],
    ['a string', 'read'],
  ];

  it('answers each malformed request with BAD_REQUEST (never INTERNAL), reads nothing, and keeps serving', async () => {
    const host = new HostClient();
    await host.next((m) => m.type === 'hello');
    for (const [what, request] of bad) {
      host.send(request);
      const reply = await host.next((m) => m.type !== 'hello');
      expect(reply, what).toMatchObject({ type: 'error', error: { code: 'BAD_REQUEST', retriable: false } });
    }
    // No card data went out for any of them, and the host still answers.
    host.send({ id: 99, type: 'status' });
    expect((await host.reply(99)).type).toBe('status');
    expect(host.messages.filter((m) => m.type === 'card')).toEqual([]);
    await host.close();
  });
});

describe('size caps both ways', () => {
  it(`accepts a request of exactly ${MAX_REQUEST_BYTES} bytes and refuses one byte more, then exits without buffering it`, async () => {
    const base = '{"id":5,"type":"status"}';
    const host = new HostClient();
    await host.next((m) => m.type === 'hello');
    host.writeRaw(frame(text(base + ' '.repeat(MAX_REQUEST_BYTES - base.length))));
    expect((await host.reply(5)).type).toBe('status');
    const over = text('{"id":6,"type":"status"}' + ' '.repeat(MAX_REQUEST_BYTES - base.length + 1));
    expect(over.length).toBe(MAX_REQUEST_BYTES + 1);
    host.writeRaw(frame(over));
    expect(await host.next((m) => m.type === 'error')).toMatchObject({ id: null, error: { code: 'BAD_REQUEST' } });
    expect(await host.exited).toBe(1);
  });

  it('keeps every reply under the 1 MB browser cap, photos included, for every card kind', async () => {
    const host = new HostClient();
    await host.next((m) => m.type === 'hello');
    // Measure the raw frames as the browser reads them (lengths across chunk boundaries).
    const sizes: number[] = [];
    let pending = Buffer.alloc(0);
    host.child.stdout.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readUInt32LE(0)) {
        const len = pending.readUInt32LE(0);
        sizes.push(len);
        pending = pending.subarray(4 + len);
      }
    });
    let id = 100;
    for (const name of SYNTHETIC_CARD_NAMES.filter((n) => n !== 'unsupported')) {
      host.send({ id: ++id, type: 'read', reader: `sim:${name}`, photo: true });
      expect((await host.reply(id)).type).toBe('card');
    }
    expect(sizes.length).toBeGreaterThan(0);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_REPLY_BYTES);
    await host.close();
  });

  it('turns a reply that would break the cap into an INTERNAL error frame, never an oversized frame', () => {
    const written: Uint8Array[] = [];
    const host = new NativeMessagingHost({
      input: new PassThrough(),
      write: (b) => written.push(b),
      defaultReader: 'sim:resident',
      onExit: () => undefined,
    });
    // The real send path, with a message larger than any card could make.
    (host as unknown as { send(m: HostMessage): void }).send({
      id: 3,
      type: 'ok',
      padding: 'x'.repeat(MAX_REPLY_BYTES),
    } as unknown as HostMessage);
    expect(written).toHaveLength(1);
    const bytes = written[0]!;
    expect(bytes.length).toBeLessThan(1024);
    const [result] = new NativeMessageDecoder(MAX_REPLY_BYTES).push(bytes);
    expect(result).toMatchObject({ kind: 'message', value: { id: 3, type: 'error', error: { code: 'INTERNAL' } } });
  });
});

/** Every personal value of a record, as text that must never appear in a log. */
function secretsOf(card: CardRecord): string[] {
  const values = [
    card.nameZh,
    card.nameEn,
    card.number,
    card.address,
    card.passNumber,
    card.previousNumber,
    card.birthDate,
    card.birthDate.replaceAll('-', ''),
  ];
  if (card.nameEn) values.push(...card.nameEn.split(/[ ,]+/).filter((w) => w.length >= 4));
  if (card.photo) values.push(card.photo.base64.slice(100, 140));
  return values.filter((v): v is string => typeof v === 'string' && v.length >= 2);
}

/** All files under `dir`, read as bytes. */
function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ path: p, bytes: readFileSync(p) });
    }
  };
  try {
    walk(dir);
  } catch {
    // no state written
  }
  return out;
}

describe('debug logging carries no card data', () => {
  it('with CARDFILL_DEBUG=1: reads of every card kind and their errors leave no name or number in stderr or the state file', async () => {
    const state = join(work, 'state');
    const host = new HostClient([DEV_ORIGIN], { CARDFILL_DEBUG: '1', XDG_STATE_HOME: state });
    await host.next((m) => m.type === 'hello');
    const cards: CardRecord[] = [];
    let id = 0;
    for (const name of SYNTHETIC_CARD_NAMES) {
      host.send({ id: ++id, type: 'read', reader: `sim:${name}` });
      const reply = await host.reply(id);
      if (reply.type === 'card') cards.push(reply.card);
      // The same card again: an error path (CARD_NOT_REPRESENTED / UNSUPPORTED_CARD).
      host.send({ id: ++id, type: 'read', reader: `sim:${name}` });
      expect((await host.reply(id)).type).toBe('error');
      host.send({ id: ++id, type: 'status', reader: `sim:${name}` });
      await host.reply(id);
    }
    host.send({ id: ++id, type: 'read', evil: 1 });
    await host.reply(id);
    await host.close();
    expect(cards.length).toBe(SYNTHETIC_CARD_NAMES.length - 1);

    // The log is on (so this test can fail) and says what happened in codes and kinds.
    expect(host.stderr).toMatch(/\[cardfill-host\].*request read/);
    expect(host.stderr).toMatch(/CARD_NOT_REPRESENTED|UNSUPPORTED_CARD/);
    const stateFiles = filesUnder(state);
    expect(stateFiles.length).toBeGreaterThan(0);

    const secrets = cards.flatMap(secretsOf);
    // The synthetic fields themselves too (the unsupported card never decodes to a record).
    for (const n of SYNTHETIC_CARD_NAMES) {
      const f = SYNTHETIC_CARDS[n].fields;
      secrets.push(...[f.nameZh, f.nameEn, f.number, f.address].filter((v): v is string => !!v && v.length >= 2));
    }
    expect(secrets.length).toBeGreaterThan(20);
    for (const secret of secrets) {
      expect(host.stderr, 'stderr').not.toContain(secret);
      for (const file of stateFiles) {
        expect(file.bytes.includes(Buffer.from(secret, 'utf8')), file.path).toBe(false);
        expect(file.bytes.includes(Buffer.from(secret, 'utf16le')), file.path).toBe(false);
      }
    }
  });

  it('the command line read with CARDFILL_DEBUG=1 prints the card on stdout only, nothing of it on stderr', () => {
    const card = SYNTHETIC_CARDS['foreign-2023'].fields;
    const r = spawnSync(process.execPath, [HOST_BIN, 'read', '--reader', 'sim:foreign-2023', '--json'], {
      encoding: 'utf8',
      env: { ...process.env, CARDFILL_DEBUG: '1', XDG_STATE_HOME: join(work, 'state-cli') },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(card.number);
    for (const secret of [card.nameZh, card.nameEn, card.number].filter((v): v is string => !!v)) expect(r.stderr).not.toContain(secret);
  });
});

describe('the reader cache is bounded and frees what it drops', () => {
  it(`100,000 watch requests naming different absent devices keep at most ${READER_CACHE_SIZE} readers`, async () => {
    const input = new PassThrough();
    let oks = 0;
    let errors = 0;
    const decoder = new NativeMessageDecoder(MAX_REPLY_BYTES);
    const host = new NativeMessagingHost({
      input,
      write: (bytes) => {
        for (const r of decoder.push(bytes)) {
          if (r.kind !== 'message') continue;
          const m = r.value as HostMessage;
          if (m.type === 'ok') oks++;
          else if (m.type === 'error') errors++;
        }
      },
      defaultReader: 'sim:resident',
      onExit: () => undefined,
    });
    host.start();
    const total = 100_000;
    const batch = 2_000;
    let maxSeen = 0;
    for (let sent = 0; sent < total; sent += batch) {
      const frames: Uint8Array[] = [];
      for (let i = sent; i < sent + batch; i++) {
        frames.push(frame(text(JSON.stringify({ id: i + 1, type: 'watch', reader: `serial:/dev/serial/by-id/absent-reader-${i}` }))));
      }
      input.write(Buffer.concat(frames));
      // Let the requests (and the current watch's poll) run before the next batch.
      while (oks + errors < sent + batch) await new Promise((r) => setImmediate(r));
      maxSeen = Math.max(maxSeen, host.cachedReaderCount);
    }
    expect(oks).toBe(total);
    expect(errors).toBe(0);
    expect(maxSeen).toBeLessThanOrEqual(READER_CACHE_SIZE);
    expect(host.cachedReaderCount).toBeLessThanOrEqual(READER_CACHE_SIZE);
    input.end();
    await host.shutdown(0);
    expect(host.cachedReaderCount).toBeLessThanOrEqual(READER_CACHE_SIZE);
  }, 120_000);
});

describe('the bounded cache keeps the readers in use', () => {
  it('the watched reader survives many other readers coming and going', async () => {
    const input = new PassThrough();
    const replies: HostMessage[] = [];
    const decoder = new NativeMessageDecoder(MAX_REPLY_BYTES);
    const host = new NativeMessagingHost({
      input,
      write: (bytes) => {
        for (const r of decoder.push(bytes)) if (r.kind === 'message') replies.push(r.value as HostMessage);
      },
      defaultReader: 'sim:resident',
      onExit: () => undefined,
    });
    host.start();
    const readers = (host as unknown as { readers: Map<string, unknown> }).readers;
    input.write(frame(text(JSON.stringify({ id: 1, type: 'watch', reader: 'sim:hmt' }))));
    while (!replies.some((m) => 'id' in m && m.id === 1)) await new Promise((r) => setImmediate(r));
    const watched = readers.get('sim:hmt');
    expect(watched).toBeDefined();
    const others = [
      'sim:foreign-2017',
      'sim:foreign-2023',
      'sim:resident-expired',
      'sim:resident-new-address',
      'sim:unsupported',
      'sim:foreign-2017-bad-check',
    ];
    let id = 10;
    for (const spec of others) {
      input.write(frame(text(JSON.stringify({ id: ++id, type: 'status', reader: spec }))));
      const mine = id;
      while (!replies.some((m) => 'id' in m && m.id === mine)) await new Promise((r) => setTimeout(r, 5));
      expect(host.cachedReaderCount).toBeLessThanOrEqual(READER_CACHE_SIZE);
      expect(readers.get('sim:hmt')).toBe(watched);
    }
    // The watch still reports from the same reader: its card is there.
    while (!replies.some((m) => m.type === 'event' && m.event === 'card-present')) await new Promise((r) => setTimeout(r, 20));
    input.end();
    await host.shutdown(0);
  }, 30_000);
});
