/**
 * The sdtapi backend through koffi against a real compiled library: test/native/fake-sdtapi.c,
 * built here with `cc -shared -fPIC`, implements the SDT_* functions over synthetic cards.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import koffi from 'koffi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverReaders, openReader } from '../../native-host/readers/index';
import { parseSdtapiTarget, SDTAPI_ENV } from '../../native-host/readers/sdtapi';
import { readCard } from '../../native-host/readers/session';
import type { CardReader } from '../../native-host/readers/types';
import { encodeAppendAddress } from '../../src/card/encode';
import { SYNTHETIC_CARDS, SYNTHETIC_CARD_NAMES, type SyntheticCardName } from '../../src/card/synthetic';
import { codeOf } from './helpers';
import { firstCommand, toolMissing } from '../tools';

const compiler = firstCommand(['cc', 'gcc', 'clang'], ['--version']);
const noCompiler = process.platform !== 'win32' && toolMissing('a C compiler (cc, gcc or clang)', compiler !== null);

describe.skipIf(noCompiler || process.platform === 'win32')('sdtapi backend over a compiled fake SDT_* library', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cardfill-sdtapi-'));
  const library = join(dir, 'libfakesdtapi.so');
  let setCard: (...args: unknown[]) => void;
  let place: () => void;
  let setFault: (f: number) => void;
  let reader: CardReader;
  const FAULT = { none: 0, noCard: 1, removed: 2, sam: 3, pcTimeout: 4, unsupported: 5, hang: 6 } as const;

  const putCard = (name: SyntheticCardName | null) => {
    if (name === null) return setCard(new Uint8Array(1), 0, new Uint8Array(1), 0, new Uint8Array(1), 0);
    const card = SYNTHETIC_CARDS[name];
    const app = card.appendAddress ? encodeAppendAddress(card.appendAddress) : new Uint8Array(1);
    setCard(card.text, card.text.length, card.photo, card.photo.length, app, card.appendAddress ? app.length : 0);
  };

  beforeAll(() => {
    execFileSync(compiler!, ['-shared', '-fPIC', '-O1', '-o', library, join(__dirname, '../native/fake-sdtapi.c')]);
    const lib = koffi.load(library);
    setCard = lib.func(
      'void FAKE_SetCard(const uint8_t *text, int textLen, const uint8_t *photo, int photoLen, const uint8_t *app, int appLen)',
    );
    place = lib.func('void FAKE_Place(void)');
    setFault = lib.func('void FAKE_SetFault(int fault)');
    reader = openReader(`sdtapi:${library}#1001`);
  });

  afterAll(async () => {
    await reader?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads every synthetic card through koffi', async () => {
    for (const name of SYNTHETIC_CARD_NAMES) {
      putCard(name);
      if (name === 'unsupported') {
        expect(await codeOf(readCard(reader))).toBe('UNSUPPORTED_CARD');
        continue;
      }
      const card = await readCard(reader);
      expect(card.number).toBe(SYNTHETIC_CARDS[name].fields.number);
      expect(Uint8Array.from(atob(card.photo!.base64), (c) => c.charCodeAt(0))).toEqual(SYNTHETIC_CARDS[name].photo);
    }
  });

  it('reads the newer address through SDT_ReadNewAppMsg', async () => {
    putCard('resident-new-address');
    expect((await readCard(reader)).address).toBe(SYNTHETIC_CARDS['resident-new-address'].appendAddress);
  });

  it('keeps the card-must-be-lifted rule', async () => {
    putCard('hmt');
    await readCard(reader);
    expect(await codeOf(readCard(reader))).toBe('CARD_NOT_REPRESENTED');
    place();
    expect((await readCard(reader)).kind).toBe('hmt-residence-permit');
  });

  it.each([
    ['noCard', 'NO_CARD'],
    ['removed', 'CARD_REMOVED'],
    ['sam', 'SAM_ERROR'],
    ['pcTimeout', 'TIMEOUT'],
    ['unsupported', 'UNSUPPORTED_CARD'],
  ] as const)('maps fault %s to %s, and the next read succeeds', async (fault, code) => {
    const r = openReader(`sdtapi:${library}`); // default port 1001; a fresh session each time
    try {
      putCard('foreign-2023');
      setFault(FAULT[fault]);
      expect(await codeOf(readCard(r))).toBe(code);
      setFault(FAULT.none);
      place();
      expect((await readCard(r)).kind).toBe('foreign-permanent-2023');
    } finally {
      await r.close();
    }
  });

  it('gives up on a hanging library call with TIMEOUT, and works once the call returns', async () => {
    putCard('resident');
    setFault(FAULT.hang);
    const r = openReader(`sdtapi:${library}`);
    try {
      const started = Date.now();
      expect(await codeOf(readCard(r, { timeoutMs: 1500 }))).toBe('TIMEOUT');
      expect(Date.now() - started).toBeLessThan(2000);
      setFault(FAULT.none);
      // The vendor call still runs on its worker thread (3 s) and then completes the read, which
      // halts the card; the next read queues behind it and needs the card placed again.
      const next = readCard(r, { timeoutMs: 8000 });
      expect(await codeOf(next)).toBe('NO_CARD');
      place();
      expect((await readCard(r)).kind).toBe('resident');
    } finally {
      await r.close();
    }
  });

  it('auto uses the vendor library named by CARDFILL_SDTAPI when its reader answers, and says NO_READER in words otherwise', async () => {
    const saved = process.env[SDTAPI_ENV];
    try {
      putCard('foreign-2017');
      process.env[SDTAPI_ENV] = `${library}#1001`;
      expect((await discoverReaders()).map((r) => r.kind)).toContain('sdtapi');
      const auto = openReader('auto');
      expect((await readCard(auto)).kind).toBe('foreign-permanent-2017');
      expect(auto.info).toMatchObject({ spec: 'auto', kind: 'sdtapi' });
      await auto.close();
      // A port without a reader is not offered; with no serial reader either, auto says so.
      process.env[SDTAPI_ENV] = `${library}#3`;
      const serialOrNothing = await discoverReaders();
      expect(serialOrNothing.every((r) => r.kind === 'serial')).toBe(true);
      if (serialOrNothing.length === 0) {
        await expect(readCard(openReader('auto'))).rejects.toThrow(/No card reader answered.*doctor/);
      }
    } finally {
      if (saved === undefined) delete process.env[SDTAPI_ENV];
      else process.env[SDTAPI_ENV] = saved;
    }
  });

  it('says NO_READER for a port without a reader and for a library that does not exist', async () => {
    putCard('resident');
    await expect(readCard(openReader(`sdtapi:${library}#3`))).rejects.toThrow(/port 3/);
    expect(await codeOf(readCard(openReader(`sdtapi:${library}#3`)))).toBe('NO_READER');
    const missing = openReader(`sdtapi:${join(dir, 'nope.so')}`);
    await expect(readCard(missing)).rejects.toThrow(/could not be loaded/);
    const notSdt = openReader('sdtapi:libc.so.6');
    expect(await codeOf(readCard(notSdt))).toBe('NO_READER');
  });
});

describe('sdtapi SPEC', () => {
  it('parses LIBRARY[#PORT] and refuses bad ports in words', () => {
    expect(parseSdtapiTarget('/opt/r/libsdtapi.so')).toEqual({ library: '/opt/r/libsdtapi.so', port: 1001 });
    expect(parseSdtapiTarget('C:\\R\\sdtapi.dll#2')).toEqual({ library: 'C:\\R\\sdtapi.dll', port: 2 });
    expect(() => parseSdtapiTarget('/x.so#1000')).toThrow(/1001–1016/);
    expect(() => parseSdtapiTarget('#1001')).toThrow(/library path/);
  });
});
