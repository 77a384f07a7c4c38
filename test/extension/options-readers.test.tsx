// @vitest-environment happy-dom
/**
 * The options page offers the new readers: a SAM-USB reader (any known id, or one named), each
 * vendor service at its default address (another address is shown as a command for this
 * computer, since a request from the browser may only name the default), and the reader table of
 * docs/readers.md inside the reader section — in English and Chinese.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fakes')).fakeBrowser }));
vi.mock('../../extension/shared/messages', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  ui: (await import('./fakes')).fakeUi,
}));

import { Options } from '../../extension/options/Options';
import { parseReaderSpec, readerSpecOf, serviceCommand, SERVICES } from '../../extension/options/reader-spec';
import { SERVICE_VENDORS } from '../../native-host/readers/service/index';
import { assertRequestableSpec } from '../../native-host/readers/index';
import { handlers, resetFakes, storage } from './fakes';
import { useLanguage } from './lang';

const saved = () => storage.local['settings'] as Record<string, unknown>;

beforeEach(() => {
  resetFakes();
  useLanguage('en');
});
afterEach(() => cleanup());

describe('reader SPEC: usb and service', () => {
  it('round-trips usb and service SPECs and refuses a malformed USB id', () => {
    for (const spec of ['usb', 'usb:0400:c35a', 'service:decard', 'service:synjones', 'service:chinavision', 'service:eastcom']) {
      expect(readerSpecOf(parseReaderSpec(spec))).toEqual({ spec });
    }
    expect(readerSpecOf(parseReaderSpec('usb:0400:C35A'))).toEqual({ spec: 'usb:0400:c35a' });
    // The default address written out is the same reader as no address.
    expect(readerSpecOf(parseReaderSpec('service:synjones@http://127.0.0.1:8989'))).toEqual({ spec: 'service:synjones' });
    // Another address (set by policy or on the computer) is kept as it is, not dropped.
    expect(readerSpecOf(parseReaderSpec('service:synjones@http://127.0.0.1:9999'))).toEqual({
      spec: 'service:synjones@http://127.0.0.1:9999',
    });
    expect(readerSpecOf({ kind: 'usb', id: '0400' })).toEqual({ error: 'readerUsbInvalid' });
    expect(readerSpecOf({ kind: 'usb', id: 'zzzz:c35a' })).toEqual({ error: 'readerUsbInvalid' });
  });

  it('offers exactly the services the host knows, at the host default addresses, and the host accepts each SPEC from a request', () => {
    expect(SERVICES).toEqual(SERVICE_VENDORS.map((v) => ({ name: v.name, url: v.defaultUrl })));
    for (const spec of ['usb', 'usb:0400:c35a', ...SERVICES.map((v) => `service:${v.name}`)]) {
      expect(() => assertRequestableSpec(spec)).not.toThrow();
    }
    expect(serviceCommand('synjones')).toBe('npx cardfill-host install --reader "service:synjones@http://127.0.0.1:PORT"');
  });
});

describe('options page: new readers', () => {
  it('saves a USB reader, with or without an id', async () => {
    render(<Options />);
    fireEvent.click(await screen.findByLabelText('USB reader (SAM-USB desk reader, no vendor software)'));
    await waitFor(() => expect(saved()['reader']).toBe('usb'));
    expect(document.getElementById('usb-help')!.textContent).toContain('udev rule');
    fireEvent.change(screen.getByLabelText('USB id (optional)'), { target: { value: '0400:C35A' } });
    await waitFor(() => expect(saved()['reader']).toBe('usb:0400:c35a'));
    fireEvent.change(screen.getByLabelText('USB id (optional)'), { target: { value: 'c35a' } });
    expect(await screen.findByText('A USB id is two 4-digit hexadecimal numbers, e.g. 0400:c35a.')).toBeTruthy();
    expect(saved()['reader']).toBe('usb:0400:c35a');
  });

  it('saves a vendor service by name, lists each with its default address, and shows the command for another port', async () => {
    const { container } = render(<Options />);
    fireEvent.click(await screen.findByLabelText("The vendor's reader service on this computer"));
    await waitFor(() => expect(saved()['reader']).toBe('service:decard'));
    const select = screen.getByLabelText('Service') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual([
      '德卡 (DeCard) dcrf32 service — ws://127.0.0.1:50150',
      '新中新 (Synjones) WebAPI — http://127.0.0.1:8989',
      '华视 (China Vision) CVR service — http://127.0.0.1:19196',
      '东信 (Eastcom) service — http://127.0.0.1:38088',
    ]);
    fireEvent.change(select, { target: { value: 'chinavision' } });
    await waitFor(() => expect(saved()['reader']).toBe('service:chinavision'));
    expect(container.querySelector('[data-service-command] pre')!.textContent).toBe(
      'npx cardfill-host install --reader "service:chinavision@http://127.0.0.1:PORT"',
    );
  });

  it('shows a service set at another address on this computer as it is', async () => {
    resetFakes({}, { reader: 'service:synjones@http://127.0.0.1:9999' });
    const { container } = render(<Options />);
    await screen.findByLabelText('Service');
    expect((screen.getByLabelText("The vendor's reader service on this computer") as HTMLInputElement).checked).toBe(true);
    expect(container.querySelector('[data-service-url]')!.textContent).toBe('Set on this computer at http://127.0.0.1:9999.');
  });

  it('links the reader section to docs/readers.md, shipped inside the extension and rendered as text', async () => {
    const { container } = render(<Options />);
    const doc = (await screen.findByText(/Which readers work on which system/)).closest('details')!;
    expect(doc).toBeTruthy();
    expect(doc.closest('section')!.getAttribute('aria-labelledby')).toBe('reader-h');
    // The real document: its reader table with every row, as a table, not as raw Markdown.
    const markdown = readFileSync(path.resolve(import.meta.dirname, '../../docs/readers.md'), 'utf8');
    const familyRows = markdown.split('\n').filter((l) => /^\| (SAM-USB|Same readers|Other USB|德卡|东信|精伦|RS-232|中控|Cloud)/.test(l));
    const table = [...doc.querySelectorAll('table')].find((tb) => tb.querySelector('th')?.textContent?.startsWith('Reader family'))!;
    expect(table.querySelectorAll('tbody tr').length).toBe(familyRows.length);
    expect(table.textContent).toContain('emulator');
    expect(doc.textContent).not.toContain('|---');
    expect(doc.innerHTML).not.toMatch(/<script/i);
    expect(container.querySelector('#readers-doc code')).toBeTruthy();
  });

  it('when the host finds no reader, the host check points to cardfill-host doctor for the USB devices and services', async () => {
    handlers['hostDoctor'] = () => ({
      ok: true,
      report: {
        version: '0.1.0',
        protocol: 1,
        readers: [],
        readerError: null,
        status: { id: 1, type: 'status', reader: null, cardPresent: null, serialPorts: [] },
      },
    });
    const { container } = render(<Options />);
    fireEvent.click(await screen.findByRole('button', { name: 'Run the check' }));
    await waitFor(() => expect(container.querySelector('[data-doctor]')).toBeTruthy());
    const lines = [...container.querySelectorAll('[data-doctor] li')].map((li) => li.textContent);
    expect(lines.at(-1)).toContain('which reader "Automatic" would use');
    expect(lines.at(-1)).toContain('cardfill-host doctor');
  });

  it('speaks Chinese too', async () => {
    useLanguage('zh_CN');
    render(<Options />);
    fireEvent.click(await screen.findByLabelText('本机的厂商读卡服务'));
    const select = (await screen.findByLabelText('服务')) as HTMLSelectElement;
    expect([...select.options][0]!.textContent).toBe('德卡 dcrf32 读卡服务 — ws://127.0.0.1:50150');
    expect(screen.getByLabelText('USB 读卡器（SAM-USB 台式读卡器，无需厂商软件）')).toBeTruthy();
    expect(screen.getByText(/各系统支持哪些读卡器/)).toBeTruthy();
  });
});
