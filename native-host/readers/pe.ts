/**
 * Which machine a shared library was built for, read from its header: PE (Windows DLL), ELF
 * (Linux .so) or Mach-O (macOS .dylib). Pure: bytes in, a verdict out. The sdtapi backend uses it
 * to load a 32-bit vendor DLL in a 32-bit helper process instead of failing inside a 64-bit Node
 * (docs/readers.md).
 *
 * PE: "MZ", the offset of "PE\0\0" at 0x3C, then the COFF machine field (0x014C i386, 0x8664 AMD64,
 * 0xAA64 ARM64, 0x01C4 ARMv7). ELF: class byte (1 = 32-bit, 2 = 64-bit), data byte, e_machine at 18
 * (3 x86, 62 x86-64, 40 ARM, 183 AArch64). Mach-O: the magic gives the width, cputype follows.
 */

export type LibraryFormat = 'pe' | 'elf' | 'mach-o' | 'mach-o-universal' | 'unknown';
/** Node's process.arch names, or 'other' for a machine Node does not run on here. */
export type LibraryArch = 'ia32' | 'x64' | 'arm' | 'arm64' | 'other';

export interface LibraryMachine {
  format: LibraryFormat;
  /** null when the format is unknown or (universal Mach-O) holds several. */
  arch: LibraryArch | null;
  /** 32 or 64 where the header says. */
  bits: 32 | 64 | null;
}

/** Bytes of a file's start that always hold the headers read here (a PE header may sit further; see peHeaderOffset). */
export const LIBRARY_HEADER_BYTES = 4096;

const PE_MACHINES: ReadonlyMap<number, LibraryArch> = new Map([
  [0x014c, 'ia32'],
  [0x8664, 'x64'],
  [0xaa64, 'arm64'],
  [0x01c4, 'arm'],
]);
const ELF_MACHINES: ReadonlyMap<number, LibraryArch> = new Map([
  [3, 'ia32'],
  [62, 'x64'],
  [40, 'arm'],
  [183, 'arm64'],
]);
const MACHO_CPU: ReadonlyMap<number, LibraryArch> = new Map([
  [7, 'ia32'],
  [0x01000007, 'x64'],
  [12, 'arm'],
  [0x0100000c, 'arm64'],
]);

const UNKNOWN: LibraryMachine = { format: 'unknown', arch: null, bits: null };

const u16le = (b: Uint8Array, o: number) => (o + 2 <= b.length ? b[o]! | (b[o + 1]! << 8) : -1);
const u16be = (b: Uint8Array, o: number) => (o + 2 <= b.length ? (b[o]! << 8) | b[o + 1]! : -1);
const u32le = (b: Uint8Array, o: number) =>
  o + 4 <= b.length ? (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0 : -1;
const u32be = (b: Uint8Array, o: number) =>
  o + 4 <= b.length ? ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0 : -1;

/** Where a PE file's "PE\0\0" signature sits (e_lfanew), or null when `head` is no MZ file. */
export function peHeaderOffset(head: Uint8Array): number | null {
  if (head.length < 0x40 || head[0] !== 0x4d || head[1] !== 0x5a) return null;
  const at = u32le(head, 0x3c);
  return at >= 0x40 && at < 0x10000000 ? at : null;
}

/**
 * The machine of a library from its first bytes. For PE, `head` must reach e_lfanew + 26 (the
 * optional header's magic); `peHeaderOffset` says where that is when 4 KiB is not enough.
 */
export function libraryMachine(head: Uint8Array): LibraryMachine {
  if (head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) return elfMachine(head);
  if (head.length >= 2 && head[0] === 0x4d && head[1] === 0x5a) return peMachine(head);
  return machoMachine(head);
}

function peMachine(head: Uint8Array): LibraryMachine {
  const at = peHeaderOffset(head);
  if (at === null || at + 26 > head.length) return UNKNOWN;
  if (head[at] !== 0x50 || head[at + 1] !== 0x45 || head[at + 2] !== 0 || head[at + 3] !== 0) return UNKNOWN;
  const machine = u16le(head, at + 4);
  const magic = u16le(head, at + 24); // optional header: 0x10B PE32, 0x20B PE32+
  const bits = magic === 0x10b ? 32 : magic === 0x20b ? 64 : null;
  return { format: 'pe', arch: PE_MACHINES.get(machine) ?? 'other', bits };
}

function elfMachine(head: Uint8Array): LibraryMachine {
  if (head.length < 20) return UNKNOWN;
  const bits = head[4] === 1 ? 32 : head[4] === 2 ? 64 : null;
  const machine = head[5] === 2 ? u16be(head, 18) : u16le(head, 18);
  return { format: 'elf', arch: ELF_MACHINES.get(machine) ?? 'other', bits };
}

function machoMachine(head: Uint8Array): LibraryMachine {
  if (head.length < 8) return UNKNOWN;
  const le = u32le(head, 0);
  const be = u32be(head, 0);
  if (be === 0xcafebabe || be === 0xcafebabf) return { format: 'mach-o-universal', arch: null, bits: null };
  let bits: 32 | 64 | null = null;
  let cpu = -1;
  if (le === 0xfeedface || le === 0xfeedfacf) {
    bits = le === 0xfeedface ? 32 : 64;
    cpu = u32le(head, 4);
  } else if (be === 0xfeedface || be === 0xfeedfacf) {
    bits = be === 0xfeedface ? 32 : 64;
    cpu = u32be(head, 4);
  } else {
    return UNKNOWN;
  }
  return { format: 'mach-o', arch: MACHO_CPU.get(cpu) ?? 'other', bits };
}

/** Read a library's header from disk (two reads when the PE header lies beyond 4 KiB). Null when unreadable. */
export async function readLibraryMachine(path: string): Promise<LibraryMachine | null> {
  const { open } = await import('node:fs/promises');
  let file;
  try {
    file = await open(path, 'r');
  } catch {
    return null;
  }
  try {
    const head = new Uint8Array(LIBRARY_HEADER_BYTES);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    const first = head.subarray(0, bytesRead);
    const at = peHeaderOffset(first);
    if (at !== null && at + 26 > bytesRead) {
      // The signature lies beyond the first read: fetch its 26 bytes and put them where the parser looks.
      const joined = new Uint8Array(at + 26);
      joined.set(first.subarray(0, Math.min(bytesRead, at)), 0);
      const more = await file.read(joined, at, 26, at);
      if (more.bytesRead < 26) return UNKNOWN;
      return libraryMachine(joined);
    }
    return libraryMachine(first);
  } catch {
    return null;
  } finally {
    await file.close().catch(() => undefined);
  }
}

/**
 * How this process can load a library of `machine`: in-process when it matches (or is unknown:
 * the loader's own error then speaks), in a 32-bit helper for a 32-bit x86 DLL on 64-bit x86
 * Windows, or not at all (words for the person).
 */
export function loadPlan(
  machine: LibraryMachine | null,
  host: { platform: NodeJS.Platform; arch: string } = { platform: process.platform, arch: process.arch },
): { mode: 'in-process' } | { mode: 'helper32' } | { mode: 'impossible'; reason: string } {
  if (!machine || machine.arch === null || machine.format === 'unknown' || machine.format === 'mach-o-universal')
    return { mode: 'in-process' };
  if (machine.arch === host.arch) return { mode: 'in-process' };
  if (host.platform === 'win32' && machine.format === 'pe' && machine.arch === 'ia32' && host.arch === 'x64') return { mode: 'helper32' };
  const what = `${machine.format === 'pe' ? 'Windows DLL' : machine.format === 'elf' ? 'ELF library' : 'Mach-O library'} for ${machine.arch}`;
  return { mode: 'impossible', reason: `the library is a ${what}, and this cardfill-host runs on ${host.platform}-${host.arch}` };
}
