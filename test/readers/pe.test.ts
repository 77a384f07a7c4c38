/**
 * The library header parser on crafted headers: PE32 / PE32+ (i386, AMD64, ARM64), ELF (32/64,
 * both byte orders), Mach-O (thin and universal), and garbage; then what the host does with each.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { libraryMachine, loadPlan, readLibraryMachine } from '../../native-host/readers/pe';

/** A minimal PE image: MZ stub, e_lfanew, "PE\0\0", COFF machine, optional-header magic. */
function pe(machine: number, magic: number, lfanew = 0x80, size = lfanew + 0x100): Uint8Array {
  const b = new Uint8Array(Math.max(size, lfanew + 0x100));
  b[0] = 0x4d;
  b[1] = 0x5a;
  new DataView(b.buffer).setUint32(0x3c, lfanew, true);
  b.set([0x50, 0x45, 0, 0], lfanew);
  new DataView(b.buffer).setUint16(lfanew + 4, machine, true);
  new DataView(b.buffer).setUint16(lfanew + 24, magic, true);
  return b.slice(0, size);
}

function elf(bits: 1 | 2, data: 1 | 2, machine: number): Uint8Array {
  const b = new Uint8Array(64);
  b.set([0x7f, 0x45, 0x4c, 0x46, bits, data, 1], 0);
  new DataView(b.buffer).setUint16(18, machine, data === 1);
  return b;
}

function macho(magic: number, cpu: number): Uint8Array {
  const b = new Uint8Array(32);
  new DataView(b.buffer).setUint32(0, magic, true);
  new DataView(b.buffer).setUint32(4, cpu, true);
  return b;
}

describe('libraryMachine', () => {
  it.each([
    ['PE32 i386 (a typical vendor sdtapi.dll)', pe(0x014c, 0x10b), { format: 'pe', arch: 'ia32', bits: 32 }],
    ['PE32+ AMD64', pe(0x8664, 0x20b), { format: 'pe', arch: 'x64', bits: 64 }],
    ['PE32+ ARM64', pe(0xaa64, 0x20b), { format: 'pe', arch: 'arm64', bits: 64 }],
    ['PE with an unknown machine', pe(0x0200, 0x20b), { format: 'pe', arch: 'other', bits: 64 }],
    ['ELF32 x86', elf(1, 1, 3), { format: 'elf', arch: 'ia32', bits: 32 }],
    ['ELF64 x86-64', elf(2, 1, 62), { format: 'elf', arch: 'x64', bits: 64 }],
    ['ELF64 AArch64', elf(2, 1, 183), { format: 'elf', arch: 'arm64', bits: 64 }],
    ['ELF32 big-endian ARM', elf(1, 2, 40), { format: 'elf', arch: 'arm', bits: 32 }],
    ['Mach-O 64 x86_64', macho(0xfeedfacf, 0x01000007), { format: 'mach-o', arch: 'x64', bits: 64 }],
    ['Mach-O 64 arm64', macho(0xfeedfacf, 0x0100000c), { format: 'mach-o', arch: 'arm64', bits: 64 }],
    ['Mach-O 32 i386', macho(0xfeedface, 7), { format: 'mach-o', arch: 'ia32', bits: 32 }],
  ] as const)('%s', (_what, bytes, expected) => {
    expect(libraryMachine(bytes)).toEqual(expected);
  });

  it('reads a universal Mach-O as holding several machines', () => {
    const b = new Uint8Array(16);
    b.set([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2]);
    expect(libraryMachine(b)).toEqual({ format: 'mach-o-universal', arch: null, bits: null });
  });

  it.each([
    ['empty', new Uint8Array(0)],
    ['text', new TextEncoder().encode('#!/bin/sh\necho not a library\n')],
    [
      'MZ without a PE signature',
      (() => {
        const b = pe(0x014c, 0x10b);
        b[0x80] = 0;
        return b;
      })(),
    ],
    ['MZ whose e_lfanew points past the end', pe(0x014c, 0x10b, 0x80, 0x90)],
    [
      'MZ with e_lfanew inside the DOS header',
      (() => {
        const b = pe(0x014c, 0x10b);
        new DataView(b.buffer).setUint32(0x3c, 4, true);
        return b;
      })(),
    ],
    ['a truncated ELF', elf(2, 1, 62).subarray(0, 10)],
  ])('says unknown for %s, never throws', (_what, bytes) => {
    expect(libraryMachine(bytes)).toMatchObject({ format: 'unknown', arch: null });
  });
});

describe('readLibraryMachine and the load plan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cardfill-pe-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a PE header that sits beyond the first 4 KiB', async () => {
    const file = join(dir, 'far.dll');
    writeFileSync(file, pe(0x014c, 0x10b, 0x2000));
    expect(await readLibraryMachine(file)).toEqual({ format: 'pe', arch: 'ia32', bits: 32 });
    expect(await readLibraryMachine(join(dir, 'absent.dll'))).toBeNull();
  });

  it('reads the machine of this Node binary itself', async () => {
    expect((await readLibraryMachine(process.execPath))?.arch).toBe(process.arch);
  });

  it('loads a 32-bit DLL in the helper on 64-bit Windows, in-process when it matches, and says why otherwise', () => {
    const win64 = { platform: 'win32' as const, arch: 'x64' };
    expect(loadPlan(libraryMachine(pe(0x014c, 0x10b)), win64)).toEqual({ mode: 'helper32' });
    expect(loadPlan(libraryMachine(pe(0x8664, 0x20b)), win64)).toEqual({ mode: 'in-process' });
    expect(loadPlan(libraryMachine(pe(0x014c, 0x10b)), { platform: 'win32', arch: 'ia32' })).toEqual({ mode: 'in-process' });
    expect(loadPlan(libraryMachine(pe(0x8664, 0x20b)), { platform: 'win32', arch: 'ia32' })).toMatchObject({
      mode: 'impossible',
      reason: expect.stringMatching(/Windows DLL for x64.*win32-ia32/),
    });
    expect(loadPlan(libraryMachine(pe(0x014c, 0x10b)), { platform: 'linux', arch: 'x64' })).toMatchObject({ mode: 'impossible' });
    expect(loadPlan(libraryMachine(elf(1, 1, 3)), { platform: 'linux', arch: 'x64' })).toMatchObject({
      mode: 'impossible',
      reason: expect.stringMatching(/ELF library for ia32/),
    });
    expect(loadPlan(null, win64)).toEqual({ mode: 'in-process' }); // unreadable: the loader's own error speaks
  });
});
