// @vitest-environment happy-dom
/**
 * The options page: reader choice as a SPEC, the host check in words, timeout, site list
 * add/remove, staff mode, language — and policy values shown locked and not editable.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fakes')).fakeBrowser }));
vi.mock('../../extension/shared/messages', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  ui: (await import('./fakes')).fakeUi,
}));

import { Options } from '../../extension/options/Options';
import { parseReaderSpec, readerSpecOf } from '../../extension/options/reader-spec';
import { handlers, resetFakes, storage, EXTENSION_ID } from './fakes';
import { useLanguage } from './lang';
import { SITE_HOSTS } from '../../src/sites/index';

const saved = () => storage.local['settings'] as Record<string, unknown>;

beforeEach(() => {
  resetFakes();
  useLanguage('en');
});
afterEach(() => cleanup());

describe('reader SPEC', () => {
  it('round-trips every kind of reader', () => {
    for (const spec of [
      'sim',
      'sim:foreign-2023',
      'serial:/dev/ttyUSB0',
      'serial:COM3@115200',
      'sdtapi:/opt/r/libsdtapi.so',
      'sdtapi:C:\\r\\sdtapi.dll#1001',
    ]) {
      const r = readerSpecOf(parseReaderSpec(spec));
      expect(r).toEqual({ spec });
    }
    expect(readerSpecOf(parseReaderSpec(null))).toEqual({ spec: null });
    expect(readerSpecOf({ kind: 'serial', path: '', baud: '' })).toEqual({ error: 'readerSerialInvalid' });
    expect(readerSpecOf({ kind: 'serial', path: '/dev/ttyS0', baud: 'fast' })).toEqual({ error: 'readerBaudInvalid' });
  });
});

describe('options page', () => {
  it('lists the default sites; adds a valid one and refuses a bad one; removes one', async () => {
    render(<Options />);
    await screen.findByText('12306.cn');
    fireEvent.input(screen.getByLabelText('Add a site'), { target: { value: 'https://www.hotel-booking.example.cn/register' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(saved()['siteAllowList']).toEqual([...SITE_HOSTS, 'www.hotel-booking.example.cn']));
    fireEvent.input(screen.getByLabelText('Add a site'), { target: { value: 'not a site' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(await screen.findByText('Enter a host name such as example.gov.cn.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Remove 122.gov.cn' }));
    await waitFor(() => expect(saved()['siteAllowList']).not.toContain('122.gov.cn'));
  });

  it('offers the serial ports the host sees first, then the usual names', async () => {
    handlers['hostDoctor'] = () => ({
      ok: true,
      report: {
        version: '0.1.0',
        protocol: 1,
        readers: [],
        readerError: null,
        status: { id: 1, type: 'status', reader: null, cardPresent: null, serialPorts: ['/dev/ttyUSB3', '/dev/ttyS0'] },
      },
    });
    const { container } = render(<Options />);
    fireEvent.click(await screen.findByLabelText('Serial port'));
    await waitFor(() => {
      const options = [...container.querySelectorAll('#serial-list option')].map((o) => o.getAttribute('value'));
      expect(options.slice(0, 2)).toEqual(['/dev/ttyUSB3', '/dev/ttyS0']);
      expect(options).toContain('COM3');
    });
  });

  it('saves the reader choice as a SPEC', async () => {
    render(<Options />);
    fireEvent.click(await screen.findByLabelText('Serial port'));
    fireEvent.change(screen.getByLabelText('Port'), { target: { value: '/dev/ttyUSB0' } });
    await waitFor(() => expect(saved()['reader']).toBe('serial:/dev/ttyUSB0'));
    fireEvent.change(screen.getByLabelText('Baud rate (optional)'), { target: { value: '9600' } });
    await waitFor(() => expect(saved()['reader']).toBe('serial:/dev/ttyUSB0@9600'));
    fireEvent.click(screen.getByLabelText('Automatic (the first reader that answers)'));
    await waitFor(() => expect(saved()['reader']).toBeNull());
  });

  it('a vendor library is set on this computer: the page shows the exact command', async () => {
    const { container } = render(<Options />);
    fireEvent.click(await screen.findByLabelText('Vendor library (SDT API)'));
    fireEvent.change(screen.getByLabelText('Library path'), { target: { value: '/opt/reader/libsdtapi.so' } });
    fireEvent.change(screen.getByLabelText('Port number (optional)'), { target: { value: '1001' } });
    await waitFor(() => expect(saved()['reader']).toBe('sdtapi:/opt/reader/libsdtapi.so#1001'));
    expect(container.querySelector('[data-sdtapi-command] pre')!.textContent).toBe(
      'npx cardfill-host install --reader "sdtapi:/opt/reader/libsdtapi.so#1001"',
    );
  });

  it('saves the timeout within 15 s … 1 h, clear after fill, staff mode and language', async () => {
    const onLanguage = vi.fn();
    render(<Options onLanguage={onLanguage} />);
    const seconds = (await screen.findByLabelText('Clear card data after')) as HTMLInputElement;
    fireEvent.change(seconds, { target: { value: '5' } });
    expect(seconds.getAttribute('aria-invalid')).toBe('true');
    expect(saved()['clearAfterSeconds']).toBeUndefined();
    fireEvent.change(seconds, { target: { value: '60' } });
    await waitFor(() => expect(saved()['clearAfterSeconds']).toBe(60));
    fireEvent.click(screen.getByLabelText('Clear card data after a successful fill'));
    await waitFor(() => expect(saved()['clearAfterFill']).toBe(false));
    fireEvent.click(screen.getByLabelText(/^Staff mode: read each card/));
    await waitFor(() => expect(saved()['staffMode']).toBe(true));
    // The page fetches the catalogue for a new language; here it is answered from the files.
    vi.stubGlobal('fetch', async (url: string) => {
      const { readFileSync } = await import('node:fs');
      const lang = /_locales\/(\w+)\//.exec(url)![1];
      return { json: async () => JSON.parse(readFileSync(`extension/public/_locales/${lang}/messages.json`, 'utf8')) };
    });
    fireEvent.change(screen.getByLabelText('Language of CardFill'), { target: { value: 'zh_CN' } });
    await waitFor(() => expect(onLanguage).toHaveBeenCalledWith('zh_CN'));
    expect(saved()['language']).toBe('zh_CN');
    vi.unstubAllGlobals();
  });

  it('shows policy values locked: disabled, marked "Set by your organisation", no add/remove', async () => {
    resetFakes({}, { staffMode: true, siteAllowList: ['hospital.example.cn'], clearAfterSeconds: 30, reader: 'serial:COM3' });
    const { container } = render(<Options />);
    await screen.findByText('hospital.example.cn');
    expect(screen.getByText('Some settings are set by your organisation and cannot be changed here.')).toBeTruthy();
    expect((screen.getByLabelText(/^Staff mode: read each card/) as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByLabelText('Clear card data after') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByLabelText('Clear card data after') as HTMLInputElement).value).toBe('30');
    expect((container.querySelector('fieldset') as HTMLFieldSetElement).disabled).toBe(true);
    expect(screen.queryByLabelText('Add a site')).toBeNull();
    expect(screen.queryByRole('button', { name: /^Remove/ })).toBeNull();
    expect(container.querySelectorAll('[data-locked]').length).toBeGreaterThanOrEqual(4);
    // Not locked: clear after fill.
    expect((screen.getByLabelText('Clear card data after a successful fill') as HTMLInputElement).disabled).toBe(false);
  });

  it('reports the host and reader in words', async () => {
    handlers['hostDoctor'] = () => ({
      ok: true,
      report: {
        version: '0.1.0',
        protocol: 1,
        readers: [],
        status: {
          id: 1,
          type: 'status',
          reader: { spec: 'sim', kind: 'sim', name: 'Simulated reader' },
          cardPresent: false,
          serialPorts: [],
        },
        readerError: null,
      },
    });
    render(<Options />);
    fireEvent.click(await screen.findByRole('button', { name: 'Run the check' }));
    expect(await screen.findByText('The CardFill host 0.1.0 is installed and answers (protocol 1).')).toBeTruthy();
    expect(screen.getByText('Reader: Simulated reader (sim).')).toBeTruthy();
    expect(screen.getByText(/No card is on the reader/)).toBeTruthy();
  });

  it('a missing host: the sentence, the remedy and the install command', async () => {
    handlers['hostDoctor'] = () => ({ ok: false, error: { code: 'HOST_NOT_FOUND', message: 'x', retriable: false } });
    render(<Options />);
    fireEvent.click(await screen.findByRole('button', { name: 'Run the check' }));
    expect(await screen.findByText('The CardFill host program is not installed.')).toBeTruthy();
    expect(screen.getByText(`npx cardfill-host install --extension-id ${EXTENSION_ID}`)).toBeTruthy();
  });
});
