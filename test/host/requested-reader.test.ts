/**
 * A browser request may pick its reader, but only among readers that run no native code of the
 * sender's choosing and open no arbitrary file: vendor libraries and non-device paths stay local
 * configuration (install --reader, CARDFILL_READER, --reader).
 */
import { describe, expect, it } from 'vitest';
import { assertRequestableSpec } from '../../native-host/messaging';
import { HostClient, DEV_ORIGIN } from './client';

describe('readers a browser request may name', () => {
  it.each(['auto', 'sim', 'sim:foreign-2023', 'serial:/dev/ttyUSB0', 'serial:/dev/ttyACM1@115200', 'serial:/dev/cu.usbserial-110@9600',
    'serial:/dev/serial/by-id/usb-Reader_1234-if00-port0', 'serial:COM3'])('accepts %s', (spec) => {
    expect(() => assertRequestableSpec(spec)).not.toThrow();
  });

  it.each(['sdtapi:/tmp/evil.so', 'sdtapi:C:\\evil.dll#1001', 'serial:/etc/passwd', 'serial:/dev/sda', 'serial:../../dev/ttyS0',
    'serial:/dev/ttyS0;rm', 'sim:../x', 'nonsense'])('refuses %s with BAD_REQUEST', (spec) => {
    expect(() => assertRequestableSpec(spec)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });

  it('refuses a vendor library named in a read request, but uses one configured on the computer', async () => {
    const host = new HostClient([DEV_ORIGIN], { CARDFILL_READER: 'sim:resident' });
    host.send({ id: 1, type: 'read', reader: 'sdtapi:/tmp/not-a-library.so' });
    expect(await host.reply(1)).toMatchObject({ type: 'error', error: { code: 'BAD_REQUEST', message: expect.stringMatching(/this computer/) } });
    host.send({ id: 2, type: 'read', reader: 'sim:hmt' });
    expect(await host.reply(2)).toMatchObject({ type: 'card', card: { kind: 'hmt-residence-permit' } });
    await host.close();
  });
});
