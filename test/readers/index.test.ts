import { describe, expect, it } from 'vitest';
import { openReader } from '../../native-host/readers/index';
import { parseSerialTarget } from '../../native-host/readers/serial';
import { CardFillError } from '../../src/errors';

function badSpec(spec: string): CardFillError {
  try {
    openReader(spec);
  } catch (e) {
    expect(e).toBeInstanceOf(CardFillError);
    return e as CardFillError;
  }
  throw new Error(`"${spec}" was accepted`);
}

describe('openReader SPEC', () => {
  it('opens the simulator with a named card, resident by default', () => {
    expect(openReader('sim').info).toMatchObject({ kind: 'sim', spec: 'sim' });
    expect(openReader('sim:hmt').info.name).toMatch(/Hong Kong/);
  });

  it('parses serial:PATH[@BAUD]', () => {
    expect(openReader('serial:/dev/ttyUSB0').info).toMatchObject({ kind: 'serial', name: 'Serial reader on /dev/ttyUSB0 at 115200 baud' });
    expect(parseSerialTarget('COM3@9600')).toEqual({ path: 'COM3', baud: 9600 });
    expect(parseSerialTarget('/dev/pts/4')).toEqual({ path: '/dev/pts/4', baud: 115200 });
  });

  it.each(['', 'usb:', 'usb:0400', 'serial', 'serial:', 'serial:/dev/ttyS0@1234', 'sim:nobody', 'auto:x', 'sdtapi'])(
    'refuses "%s" with BAD_REQUEST and words',
    (spec) => {
      const e = badSpec(spec);
      expect(e.code).toBe('BAD_REQUEST');
      expect(e.message.length).toBeGreaterThan(20);
    },
  );

  it('refuses to load a vendor library when the SPEC came from a request', () => {
    expect(() => openReader('sdtapi:/tmp/evil.so', { allowLibraryLoad: false })).toThrow(/local settings or on the command line/);
    expect(openReader('sdtapi:/tmp/some.so').info.kind).toBe('sdtapi'); // nothing is loaded before open()
  });

  it('auto never falls back to the simulator', async () => {
    const reader = openReader('auto');
    expect(reader.info.kind).not.toBe('sim');
  });
});
