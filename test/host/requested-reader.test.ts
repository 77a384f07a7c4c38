/**
 * A browser request may pick its reader, but only among readers that run no native code of the
 * sender's choosing and open no arbitrary file: a serial *port* (by the names the platform gives
 * them, or as the port lister reports them — never a terminal or console), the SAM-USB device,
 * a vendor service by name at its default address. Vendor libraries, other paths and other URLs
 * stay local configuration (install --reader, CARDFILL_READER, --reader).
 */
import { describe, expect, it } from 'vitest';
import { assertRequestableSpec, assertRequestableSpecListed } from '../../native-host/readers/index';
import { isRequestableSerialDevice } from '../../native-host/readers/serial';
import { HostClient, DEV_ORIGIN } from './client';

const on = (platform: NodeJS.Platform, listedSerialPorts?: string[]) => ({ platform, ...(listedSerialPorts ? { listedSerialPorts } : {}) });

describe('readers a browser request may name', () => {
  it.each([
    ['linux', 'auto'],
    ['linux', 'sim'],
    ['linux', 'sim:foreign-2023'],
    ['linux', 'serial:/dev/ttyUSB0'],
    ['linux', 'serial:/dev/ttyS0'],
    ['linux', 'serial:/dev/ttyACM1@115200'],
    ['linux', 'serial:/dev/ttyAMA0@9600'],
    ['linux', 'serial:/dev/serial/by-id/usb-Reader_1234-if00-port0'],
    ['darwin', 'serial:/dev/cu.usbserial-110@9600'],
    ['darwin', 'serial:/dev/tty.usbserial-110'],
    ['win32', 'serial:COM3'],
    ['win32', 'serial:COM12@57600'],
    ['linux', 'usb'],
    ['linux', 'usb:0400:c35a'],
    ['linux', 'usb:0316:5020'],
    ['linux', 'service:decard'],
    ['linux', 'service:synjones'],
    ['linux', 'service:chinavision'],
    ['linux', 'service:eastcom'],
  ] as [NodeJS.Platform, string][])('on %s accepts %s', (platform, spec) => {
    expect(() => assertRequestableSpec(spec, on(platform, []))).not.toThrow();
  });

  it.each([
    // vendor libraries: local configuration only
    'sdtapi:/tmp/evil.so',
    'sdtapi:C:\\evil.dll#1001',
    // files and devices that are not serial ports
    'serial:/etc/passwd',
    'serial:/dev/sda',
    'serial:../../dev/ttyS0',
    'serial:/dev/ttyS0;rm',
    'serial:/dev/serial/by-id/..',
    // terminals and consoles
    'serial:/dev/tty',
    'serial:/dev/console',
    'serial:/dev/tty0',
    'serial:/dev/tty7',
    'serial:/dev/tty63@9600',
    'serial:/dev/ptmx',
    'serial:/dev/pts/0',
    'serial:/dev/pts/3@115200',
    'serial:/dev/ttyprintk',
    // names of another platform
    'serial:COM3',
    'serial:/dev/cu.usbserial-110',
    // other URLs and services
    'service:decard@ws://127.0.0.1:50150',
    'service:synjones@http://127.0.0.1:8989',
    'service:decard@ws://evil.example:50150',
    'service:other',
    'service:',
    // malformed
    'usb:0400',
    'usb:0400:c35a:1',
    'usb:zzzz:c35a',
    'usb:',
    ' sim',
    'sim ',
    'sim:../x',
    'auto:x',
    'nonsense',
    '',
  ])('on Linux refuses %j with BAD_REQUEST', (spec) => {
    expect(() => assertRequestableSpec(spec, on('linux', []))).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });

  it.each(['serial:/dev/ttys003', 'serial:/dev/tty', 'serial:/dev/console', 'serial:/dev/ttyUSB0'])('on macOS refuses %s', (spec) => {
    expect(() => assertRequestableSpec(spec, on('darwin', []))).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });

  it.each(['serial:/dev/ttyUSB0', 'serial:CON', 'serial:\\\\.\\PhysicalDrive0', 'serial:LPT1'])('on Windows refuses %s', (spec) => {
    expect(() => assertRequestableSpec(spec, on('win32', []))).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });

  it('accepts an unusual name only when the port lister reports it, and never a terminal the lister reports', async () => {
    expect(() => assertRequestableSpec('serial:/dev/ttyXRUSB0', on('linux', []))).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => assertRequestableSpec('serial:/dev/ttyXRUSB0', on('linux', ['/dev/ttyXRUSB0']))).not.toThrow();
    expect(() => assertRequestableSpec('serial:/dev/tty', on('linux', ['/dev/tty']))).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
    expect(() => assertRequestableSpec('serial:/dev/pts/2', on('linux', ['/dev/pts/2']))).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
    // The asynchronous form asks the lister only when the name is not one the platform uses.
    let asked = 0;
    const lister = async () => {
      asked++;
      return ['/dev/ttyXRUSB0', '/dev/console'];
    };
    await expect(assertRequestableSpecListed('serial:/dev/ttyUSB3', on('linux'), lister)).resolves.toBeUndefined();
    expect(asked).toBe(0);
    await expect(assertRequestableSpecListed('serial:/dev/ttyXRUSB0', on('linux'), lister)).resolves.toBeUndefined();
    expect(asked).toBe(1);
    await expect(assertRequestableSpecListed('serial:/dev/console', on('linux'), lister)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(assertRequestableSpecListed('sdtapi:/tmp/x.so', on('linux'), lister)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(asked).toBe(1); // a terminal or a library is refused without asking
  });

  it('takes an absent by-id link (opening it will say NO_READER) but no terminal by any name', () => {
    expect(isRequestableSerialDevice('/dev/serial/by-id/absent-reader', { platform: 'linux' })).toBe(true);
    expect(isRequestableSerialDevice('/dev/tty', { platform: 'linux', listed: ['/dev/tty'] })).toBe(false);
  });

  it('refuses a vendor library or a terminal named in a read request, but uses a library configured on the computer', async () => {
    const host = new HostClient([DEV_ORIGIN], { CARDFILL_READER: 'sim:resident' });
    host.send({ id: 1, type: 'read', reader: 'sdtapi:/tmp/not-a-library.so' });
    expect(await host.reply(1)).toMatchObject({
      type: 'error',
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/this computer/) },
    });
    host.send({ id: 2, type: 'read', reader: 'serial:/dev/tty' });
    expect(await host.reply(2)).toMatchObject({
      type: 'error',
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/terminal or console/) },
    });
    host.send({ id: 3, type: 'watch', reader: 'serial:/dev/console' });
    expect(await host.reply(3)).toMatchObject({ type: 'error', error: { code: 'BAD_REQUEST' } });
    host.send({ id: 4, type: 'status', reader: 'service:decard@ws://127.0.0.1:1' });
    expect(await host.reply(4)).toMatchObject({
      type: 'error',
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/default address/) },
    });
    host.send({ id: 5, type: 'read', reader: 'sim:hmt' });
    expect(await host.reply(5)).toMatchObject({ type: 'card', card: { kind: 'hmt-residence-permit' } });
    await host.close();
  });
});
