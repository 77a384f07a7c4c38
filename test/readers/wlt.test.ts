import { existsSync } from 'node:fs';
import { HostClient, DEV_ORIGIN } from '../host/client';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { openReader } from '../../native-host/readers/index';
import { readCard } from '../../native-host/readers/session';
import { decoderOutputToPng, encodePng, loadWltDecoder, parseWltDecoderSpec } from '../../native-host/readers/wlt';

function pngInfo(bytes: Uint8Array): { width: number; height: number; rgb: Uint8Array } {
  const b = Buffer.from(bytes);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = b.readUInt32BE(16);
  const height = b.readUInt32BE(20);
  let at = 8;
  const idat: Buffer[] = [];
  while (at < b.length) {
    const len = b.readUInt32BE(at);
    if (b.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(b.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) rgb.set(raw.subarray(y * (width * 3 + 1) + 1, (y + 1) * (width * 3 + 1)), y * width * 3);
  return { width, height, rgb };
}

describe('PNG from decoder output', () => {
  it('encodes RGB rows that decode back unchanged', () => {
    const rgb = Uint8Array.from({ length: 4 * 3 * 3 }, (_, i) => i * 7);
    expect(pngInfo(encodePng(4, 3, rgb))).toEqual({ width: 4, height: 3, rgb });
  });

  it('reads raw bottom-up BGR of 102 × 126 (§5: 38556 bytes)', () => {
    const bgr = new Uint8Array(38556);
    bgr.set([1, 2, 3], 0); // bottom-left pixel in BGR
    const { width, height, rgb } = pngInfo(decoderOutputToPng(bgr)!);
    expect([width, height]).toEqual([102, 126]);
    expect(Array.from(rgb.subarray(125 * 102 * 3, 125 * 102 * 3 + 3))).toEqual([3, 2, 1]);
  });

  it('refuses output that is neither BMP nor raw BGR', () => {
    expect(decoderOutputToPng(new Uint8Array(100))).toBeNull();
  });

  it('parses LIB[#FUNCTION]', () => {
    expect(parseWltDecoderSpec('/x/libwlt.so')).toEqual({ library: '/x/libwlt.so', fn: 'wlt2bmpBuffer' });
    expect(parseWltDecoderSpec('C:\\w.dll#unpack')).toEqual({ library: 'C:\\w.dll', fn: 'unpack' });
    expect(() => parseWltDecoderSpec('/x.so#bad name')).toThrow(/LIBRARY#FUNCTION/);
  });
});

describe.skipIf(process.platform === 'win32')('--wlt-decoder through koffi', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cardfill-wlt-'));
  const library = join(dir, 'libfakewlt.so');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('turns the photo into a 102 × 126 PNG, and passes undecodable bytes through as WLT', async () => {
    execFileSync('cc', ['-shared', '-fPIC', '-O1', '-o', library, join(__dirname, '../native/fake-wlt.c')]);
    const photoDecoder = await loadWltDecoder(library);
    const card = await readCard(openReader('sim:hmt', { photoDecoder }));
    expect(card.photo?.mime).toBe('image/png');
    const png = Uint8Array.from(atob(card.photo!.base64), (c) => c.charCodeAt(0));
    const { width, height, rgb } = pngInfo(png);
    expect([width, height]).toEqual([102, 126]);
    expect(rgb.some((v) => v === 0x20)).toBe(true); // ink of the drawn face is there
    expect(card.photo!.base64.length).toBeLessThan(64 * 1024);
    expect(await photoDecoder(new Uint8Array(1024))).toBeNull();
  });

  it('decodes photos in native messaging mode when the computer names a decoder (CARDFILL_WLT_DECODER)', async () => {
    if (!existsSync(library)) execFileSync('cc', ['-shared', '-fPIC', '-O1', '-o', library, join(__dirname, '../native/fake-wlt.c')]);
    const host = new HostClient([DEV_ORIGIN], { CARDFILL_READER: 'sim:foreign-2023', CARDFILL_WLT_DECODER: library });
    host.send({ id: 1, type: 'read' });
    expect(await host.reply(1)).toMatchObject({ type: 'card', card: { photo: { mime: 'image/png' } } });
    await host.close();
    const plain = new HostClient([DEV_ORIGIN], { CARDFILL_READER: 'sim:foreign-2023', CARDFILL_WLT_DECODER: join(dir, 'missing.so') });
    plain.send({ id: 1, type: 'read' });
    expect(await plain.reply(1)).toMatchObject({ type: 'card', card: { photo: { mime: 'application/x-wlt' } } });
    await plain.close();
  });

  it('says what is wrong with a decoder that does not load', async () => {
    await expect(loadWltDecoder(join(dir, 'missing.so'))).rejects.toThrow(/could not be loaded/);
  });
});
