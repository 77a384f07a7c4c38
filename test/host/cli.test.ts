/**
 * The command line of docs/architecture.md §4, run as a person runs it: the built `cardfill-host` binary.
 * `decode` gives the card record for every simulated card, as a bare text block, as a 30 01 and
 * a 30 10 reader frame, and as hex text; damaged input gets {ok:false,error} and exit 1.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SYNTHETIC_CARDS, SYNTHETIC_CARD_NAMES } from '../../src/card/synthetic';
import { encodeReadBaseData, encodeReadBaseFpData, encodeResponse } from '../../src/sam/frame';
import { HOST_BIN } from './client';

const dir = mkdtempSync(path.join(tmpdir(), 'cardfill-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function host(...args: string[]) {
  const r = spawnSync(process.execPath, [HOST_BIN, ...args], { encoding: 'utf8', env: { ...process.env, CARDFILL_SIM_CONTROL: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
function file(name: string, bytes: Uint8Array | string): string {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
}
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
const SUPPORTED = SYNTHETIC_CARD_NAMES.filter((n) => n !== 'unsupported');
const KIND = { '': 'resident', J: 'hmt-residence-permit', I: 'foreign-permanent-2017', Y: 'foreign-permanent-2023' } as const;

describe('cardfill-host decode', () => {
  it.each(SUPPORTED)('decodes the %s card from a text block, both frame layouts and hex text to the same record', (name) => {
    const card = SYNTHETIC_CARDS[name];
    const inputs = [
      [file(`${name}.txt.bin`, card.text)],
      [file(`${name}.3001.bin`, encodeResponse(0x90, encodeReadBaseData(card.text, card.photo)))],
      [file(`${name}.3010.bin`, encodeResponse(0x90, encodeReadBaseFpData(card.text, card.photo, new Uint8Array(0))))],
      [file(`${name}.hex`, hex(encodeResponse(0x90, encodeReadBaseData(card.text, card.photo)))), '--hex'],
    ];
    const records = inputs.map((args) => {
      const r = host('decode', ...args);
      expect(r.status, r.stdout).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.ok).toBe(true);
      return out.card;
    });
    const f = card.fields;
    expect(records[0]).toMatchObject({ kind: KIND[f.typeCode as keyof typeof KIND], number: f.number, nameZh: f.nameZh ?? null });
    if (f.nameEn) expect(records[0].nameEn).toBe(f.nameEn);
    // The text block carries no photo; the frames carry the chip's WLT bytes.
    expect(records[0].photo).toBeNull();
    for (const r of records.slice(1))
      expect(r).toEqual({ ...records[0], photo: { mime: 'application/x-wlt', base64: Buffer.from(card.photo).toString('base64') } });
  });

  it('refuses a card type it does not know with UNSUPPORTED_CARD and exit 1', () => {
    const r = host('decode', file('unsupported.bin', SYNTHETIC_CARDS.unsupported.text));
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_CARD' } });
  });

  it.each([
    [
      'a truncated frame',
      encodeResponse(0x90, encodeReadBaseData(SYNTHETIC_CARDS.resident.text, SYNTHETIC_CARDS.resident.photo)).slice(0, 700),
    ],
    [
      'a frame with a wrong checksum',
      (() => {
        const f = encodeResponse(0x90, encodeReadBaseData(SYNTHETIC_CARDS.hmt.text, SYNTHETIC_CARDS.hmt.photo));
        f[f.length - 1]! ^= 0xff;
        return f;
      })(),
    ],
    ['a reader error frame', encodeResponse(0x41)],
    ['13 bytes of nothing', new Uint8Array(13)],
  ])('answers %s with {ok:false} and a typed error, exit 1', (_what, bytes) => {
    const r = host('decode', file('bad.bin', bytes));
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.error.code).toMatch(/^(BAD_FRAME|BAD_TEXT|READ_FAILED)$/);
    expect(out.error.message.length).toBeGreaterThan(10);
  });

  it('says what is wrong with a missing file', () => {
    const r = host('decode', path.join(dir, 'nope.bin'));
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/Cannot read/) },
    });
  });
});

describe('cardfill-host read', () => {
  it.each(SUPPORTED)('reads the %s card from the simulated reader as JSON', (name) => {
    const r = host('read', '--reader', `sim:${name}`, '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, card: { number: SYNTHETIC_CARDS[name].fields.number } });
  });

  it('prints a card for people, and an empty reader in words with a remedy in English and Chinese', () => {
    const ok = host('read', '--reader', 'sim:foreign-2023');
    expect(ok.stdout).toMatch(/Name \(English\)\s+VAN DER BERG-HOLLAND, ALEXANDRA JO SOPHIE-ANNE/);
    const empty = host('read', '--reader', 'sim:unsupported');
    expect(empty.status).toBe(1);
    expect(empty.stderr).toMatch(/UNSUPPORTED_CARD/);
    expect(empty.stderr).toMatch(/居民身份证/);
  });

  it('refuses a bad reader SPEC and unknown options with words, not a stack trace', () => {
    const spec = host('read', '--reader', 'floppy:/dev/fd0');
    expect(spec.status).toBe(1);
    expect(spec.stderr).toMatch(/not a reader SPEC/);
    const option = host('read', '--frobnicate');
    expect(option.status).toBe(1);
    expect(option.stderr).toMatch(/BAD_REQUEST.*--help/);
    expect(option.stderr).not.toMatch(/at .*\.mjs:\d+/);
  });
});

describe('cardfill-host usage', () => {
  it('prints usage with --help and the version with --version', () => {
    expect(host('--help').stdout).toMatch(/Reader SPEC: auto \(default\)/);
    expect(host('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
  it('names an unknown command and exits 2', () => {
    const r = host('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unknown command "frobnicate"/);
  });
});
