/**
 * The out-of-process sdtapi path (the 32-bit helper on 64-bit Windows), run here on Linux with the
 * x64 build: CARDFILL_SDTAPI_HELPER=1 forces it, CARDFILL_HELPER32 names the built host script,
 * and the fake SDT_* library (test/native/fake-sdtapi.c, wrapped by ./sdtapi-helper-fake.c to take
 * its card from the environment) is loaded in the helper process. The reader must behave as the
 * in-process one: every card, the typed faults, cancel, and a crashed helper.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openReader } from '../../native-host/readers/index';
import { HELPER32_ENV, HELPER_FORCE_ENV, helperCommand, HELPER32_EXECUTABLE } from '../../native-host/readers/sdtapi-helper';
import type { SdtapiReader } from '../../native-host/readers/sdtapi';
import { readCard } from '../../native-host/readers/session';
import { isCancelled } from '../../native-host/readers/types';
import { encodeAppendAddress } from '../../src/card/encode';
import { SYNTHETIC_CARDS, type SyntheticCardName } from '../../src/card/synthetic';
import { codeOf } from './helpers';

const HOST_BIN = resolve(import.meta.dirname, '../../native-host/dist/cardfill-host.mjs');

let compiler: string | null = null;
for (const cc of ['cc', 'gcc', 'clang']) {
  try {
    execFileSync(cc, ['--version'], { stdio: 'ignore' });
    compiler = cc;
    break;
  } catch {
    // try the next one
  }
}

describe('helper command', () => {
  it('uses CARDFILL_HELPER32, else the 32-bit executable beside the host, else (forced) the host script', () => {
    expect(helperCommand({ [HELPER32_ENV]: 'C:\\CardFill\\helper.exe' }, 'C:\\CardFill\\cardfill-host.exe')).toEqual({
      file: 'C:\\CardFill\\helper.exe',
      args: ['sdtapi-helper'],
    });
    expect(helperCommand({ [HELPER32_ENV]: '/x/cardfill-host.mjs' }, '/usr/bin/node')).toEqual({
      file: '/usr/bin/node',
      args: ['/x/cardfill-host.mjs', 'sdtapi-helper'],
    });
    const dir = mkdtempSync(join(tmpdir(), 'cardfill-helper-cmd-'));
    try {
      writeFileSync(join(dir, HELPER32_EXECUTABLE), '');
      expect(helperCommand({}, join(dir, 'cardfill-host.exe'))).toEqual({ file: join(dir, HELPER32_EXECUTABLE), args: ['sdtapi-helper'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(helperCommand({}, '/nowhere/cardfill-host', '/nowhere/cardfill-host.mjs')).toBeNull();
    expect(helperCommand({ [HELPER_FORCE_ENV]: '1' }, '/usr/bin/node', '/x/cardfill-host.mjs')).toEqual({
      file: '/usr/bin/node',
      args: ['/x/cardfill-host.mjs', 'sdtapi-helper'],
    });
  });
});

describe.skipIf(compiler === null || process.platform === 'win32' || !existsSync(HOST_BIN))(
  'sdtapi through the helper process (forced, x64 build)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'cardfill-sdtapi-helper-'));
    const library = join(dir, 'libhelperfake.so');
    const cardFile = join(dir, 'card.bin');
    const logFile = join(dir, 'calls.log');
    const saved: Record<string, string | undefined> = {};
    const setEnv = (name: string, value: string | undefined) => {
      if (!(name in saved)) saved[name] = process.env[name];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    };
    let reader: SdtapiReader | null = null;

    const putCard = (name: SyntheticCardName, fault: number | null = null) => {
      const card = SYNTHETIC_CARDS[name];
      const app = card.appendAddress ? encodeAppendAddress(card.appendAddress) : new Uint8Array(0);
      const head = new Uint8Array(12);
      const dv = new DataView(head.buffer);
      dv.setUint32(0, card.text.length, true);
      dv.setUint32(4, card.photo.length, true);
      dv.setUint32(8, app.length, true);
      writeFileSync(cardFile, Buffer.concat([head, card.text, card.photo, app]));
      setEnv('CARDFILL_FAKE_SDTAPI_FAULT', fault === null ? undefined : String(fault));
      writeFileSync(logFile, '');
    };
    const fresh = () => (reader = openReader(`sdtapi:${library}`) as SdtapiReader);

    beforeAll(() => {
      execFileSync(compiler!, ['-shared', '-fPIC', '-O1', '-o', library, join(import.meta.dirname, 'sdtapi-helper-fake.c')]);
      setEnv(HELPER_FORCE_ENV, '1');
      setEnv(HELPER32_ENV, HOST_BIN);
      setEnv('CARDFILL_FAKE_SDTAPI_CARD', cardFile);
      setEnv('CARDFILL_FAKE_SDTAPI_LOG', logFile);
    });
    afterEach(async () => {
      await reader?.close();
      reader = null;
    });
    afterAll(() => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(dir, { recursive: true, force: true });
    });

    it.each(['resident', 'hmt', 'foreign-2017', 'foreign-2023', 'resident-new-address'] as SyntheticCardName[])(
      'reads %s in the helper',
      async (name) => {
        putCard(name);
        const r = fresh();
        const card = await readCard(r);
        expect(r.mode).toBe('helper');
        expect(card.number).toBe(SYNTHETIC_CARDS[name].fields.number);
        expect(Uint8Array.from(atob(card.photo!.base64), (c) => c.charCodeAt(0))).toEqual(SYNTHETIC_CARDS[name].photo);
        if (SYNTHETIC_CARDS[name].appendAddress) expect(card.address).toBe(SYNTHETIC_CARDS[name].appendAddress);
        // The same helper keeps the card-must-be-lifted rule.
        expect(await codeOf(readCard(r))).toBe('CARD_NOT_REPRESENTED');
      },
    );

    it.each([
      [1, 'NO_CARD'],
      [2, 'CARD_REMOVED'],
      [3, 'SAM_ERROR'],
      [4, 'TIMEOUT'],
      [5, 'UNSUPPORTED_CARD'],
    ])('maps fake fault %i to %s across the process boundary', async (fault, code) => {
      putCard('foreign-2023', fault);
      expect(await codeOf(readCard(fresh()))).toBe(code);
    });

    it('says NO_READER for a port without a reader and a library that is not there', async () => {
      putCard('resident');
      expect(await codeOf(readCard((reader = openReader(`sdtapi:${library}#3`) as SdtapiReader)))).toBe('NO_READER');
      await reader.close();
      reader = openReader(`sdtapi:${join(dir, 'absent.so')}`) as SdtapiReader;
      await expect(readCard(reader)).rejects.toMatchObject({ code: 'NO_READER', message: expect.stringMatching(/could not be loaded/) });
    });

    it('a cancel stops the helper between vendor calls: the append read never runs', async () => {
      putCard('resident-new-address', 7); // the base read takes 0.8 s
      const abort = new AbortController();
      const r = fresh();
      const read = readCard(r, { signal: abort.signal });
      for (let i = 0; i < 200 && !readFileSync(logFile, 'utf8').includes('ReadBaseMsg'); i++) await new Promise((x) => setTimeout(x, 10));
      abort.abort();
      const error = await read.catch((e: unknown) => e);
      expect(isCancelled(error)).toBe(true);
      expect(readFileSync(logFile, 'utf8').trim().split('\n')).toEqual(['ReadBaseMsg']);
      // The helper is still there and serves the next read once the card is placed again.
      putCard('resident-new-address');
      await r.close();
      expect((await readCard(r)).address).toBe(SYNTHETIC_CARDS['resident-new-address'].appendAddress);
    });

    it('a vendor call that does not return is ended with its helper after the grace time, and the next read starts a new helper', async () => {
      putCard('resident', 6); // the base read hangs 3 s
      const abort = new AbortController();
      const r = fresh();
      const read = readCard(r, { signal: abort.signal });
      for (let i = 0; i < 200 && !readFileSync(logFile, 'utf8').includes('ReadBaseMsg'); i++) await new Promise((x) => setTimeout(x, 10));
      abort.abort();
      expect(isCancelled(await read.catch((e: unknown) => e))).toBe(true);
      putCard('resident');
      expect((await readCard(r)).kind).toBe('resident');
    });

    it('a helper that crashes mid-read is NO_READER, and the next read works', async () => {
      putCard('hmt', 6);
      const r = fresh();
      const read = readCard(r);
      for (let i = 0; i < 200 && !readFileSync(logFile, 'utf8').includes('ReadBaseMsg'); i++) await new Promise((x) => setTimeout(x, 10));
      const helper = (r as unknown as { target: { helperPid: number | null } }).target.helperPid;
      expect(helper).toBeGreaterThan(0);
      process.kill(helper!, 'SIGKILL');
      expect(await codeOf(read)).toBe('NO_READER');
      putCard('hmt');
      expect((await readCard(r)).kind).toBe('hmt-residence-permit');
    });

    it('cardfill-host read --reader sdtapi:LIB --json goes through the helper and prints the record', () => {
      putCard('foreign-2017');
      const out = spawnSync(process.execPath, [HOST_BIN, 'read', '--reader', `sdtapi:${library}`, '--json'], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(out.status).toBe(0);
      expect(JSON.parse(out.stdout)).toMatchObject({
        ok: true,
        card: { kind: 'foreign-permanent-2017', number: SYNTHETIC_CARDS['foreign-2017'].fields.number },
      });
    });
  },
);
