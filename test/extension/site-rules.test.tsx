// @vitest-environment happy-dom
/**
 * Taught fields and intranet origins without a browser: rules are origin + selector + field (no
 * value), policy rules win and are shown locked in the options, the person's are changed and
 * removed there; the selector is an id, a name or a short structural path (never a class); the
 * site list takes intranet http origins exactly and public http never; the context-menu click
 * becomes a rule for the page's origin; every teach item has its words in both languages.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fakes')).fakeBrowser }));
vi.mock('../../extension/shared/messages', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  ui: (await import('./fakes')).fakeUi,
}));

import { Options } from '../../extension/options/Options';
import { mergeRules, rulesForOrigin, sanitiseRules, TAUGHT_FIELDS } from '../../extension/shared/site-rules';
import { isIntranetHost, normaliseSite, pageAccess, patternGrantable, sanitiseSettings } from '../../extension/shared/settings';
import { stableSelector, controlOf } from '../../extension/shared/selector';
import { createTeachMenu, teachField, teachKey } from '../../extension/background/context-menu';
import { resetFakes, storage } from './fakes';
import { useLanguage } from './lang';
import en from '../../extension/public/_locales/en/messages.json';
import zh from '../../extension/public/_locales/zh_CN/messages.json';

beforeEach(() => {
  resetFakes();
  useLanguage('en');
});
afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});

const ORIGIN = 'http://10.20.0.5:8080';

describe('site rules', () => {
  it('keeps only well-formed rules: known field, web origin, bounded selector', () => {
    expect(
      sanitiseRules([
        { origin: 'http://10.20.0.5:8080/path?x', selector: '#a', field: 'documentNumber' },
        { origin: 'javascript:alert(1)', selector: '#a', field: 'documentNumber' },
        { origin: ORIGIN, selector: '#a', field: 'password' },
        { origin: ORIGIN, selector: '', field: 'never' },
        { origin: ORIGIN, selector: 'x'.repeat(301), field: 'never' },
        'junk',
      ]),
    ).toEqual([{ origin: ORIGIN, selector: '#a', field: 'documentNumber' }]);
  });

  it('policy rules win for the same origin and selector; rules are per origin', () => {
    const merged = mergeRules(
      [
        { origin: ORIGIN, selector: '#a', field: 'fullName' },
        { origin: ORIGIN, selector: '#b', field: 'sex' },
      ],
      [{ origin: ORIGIN, selector: '#a', field: 'never' }],
    );
    expect(merged).toEqual([
      { origin: ORIGIN, selector: '#a', field: 'never', managed: true },
      { origin: ORIGIN, selector: '#b', field: 'sex', managed: false },
    ]);
    expect(rulesForOrigin(merged, ORIGIN)).toEqual([
      { selector: '#a', field: 'never' },
      { selector: '#b', field: 'sex' },
    ]);
    expect(rulesForOrigin(merged, 'http://10.20.0.5:8081')).toEqual([]);
  });

  it('the options page lists rules, shows policy ones locked, changes and removes the person’s', async () => {
    resetFakes({}, { siteRules: [{ origin: ORIGIN, selector: '#guestIdNo', field: 'documentNumber' }] });
    storage.local['siteRules'] = [
      { origin: 'https://his.example.cn', selector: 'input[name="bh"]', field: 'documentNumber', label: '编号' },
    ];
    const { container } = render(<Options />);
    await screen.findByText('编号');
    const managedRow = container.querySelector('tr[data-rule="#guestIdNo"]')!;
    expect(managedRow.querySelector('[data-locked]')).not.toBeNull();
    expect((managedRow.querySelector('select') as HTMLSelectElement).disabled).toBe(true);
    expect(managedRow.querySelector('[data-remove-rule]')).toBeNull();
    fireEvent.change(screen.getByLabelText('What 编号 on his.example.cn is'), { target: { value: 'never' } });
    await waitFor(() =>
      expect(storage.local['siteRules']).toEqual([
        { origin: 'https://his.example.cn', selector: 'input[name="bh"]', field: 'never', label: '编号' },
      ]),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Forget 编号 on his.example.cn' }));
    await waitFor(() => expect(storage.local['siteRules']).toEqual([]));
    await waitFor(() => expect(container.querySelector('tr[data-rule="input[name=\\"bh\\"]"]')).toBeNull());
  });

  it('every teach item (each card field and "never") has its words in English and Chinese', () => {
    for (const field of TAUGHT_FIELDS) {
      expect((en as Record<string, unknown>)[teachKey(field)], field).toBeTruthy();
      expect((zh as Record<string, unknown>)[teachKey(field)], field).toBeTruthy();
    }
    const created: { id: string; parentId?: string; title?: string }[] = [];
    createTeachMenu({ create: (p) => created.push(p) }, (k) => (en as Record<string, { message: string }>)[k]!.message);
    expect(created[0]).toMatchObject({ id: 'cardfill-teach', title: 'CardFill: this field is…' });
    expect(created.filter((c) => c.parentId === 'cardfill-teach' && c.title).map((c) => c.title)).toContain('Never fill this field');
  });
});

describe('stable selectors', () => {
  it('an id, else a unique name, else a short path without classes; generated ids are not used', () => {
    document.body.innerHTML = `<form id="reg"><div class="el-row-8f3a"><input id="guestNo"><input name="bh">
      <input id="el-id-1024-7" class="el-input__inner"><span><input class="x"></span></div></form>`;
    const [a, b, c] = Array.from(document.querySelectorAll('input'));
    expect(stableSelector(a!)).toBe('#guestNo');
    expect(stableSelector(b!)).toBe('input[name="bh"]');
    const sel = stableSelector(c!);
    expect(sel).toBe('#reg > div > input:nth-of-type(3)');
    expect(sel).not.toMatch(/el-|\./);
    expect(document.querySelector(sel)).toBe(c);
    const d = document.querySelector('span input')!;
    expect(document.querySelector(stableSelector(d))).toBe(d);
    expect(controlOf(d.parentElement!)).toBe(d);
  });
});

describe('intranet origins on the site list', () => {
  it('private addresses, single-label and intranet names are intranet; public names and addresses are not', () => {
    for (const h of [
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.10',
      'his',
      'frontdesk.lan',
      'pms.hotel.internal',
      'his.corp.local',
      'router.home.arpa',
    ]) {
      expect(isIntranetHost(h), h).toBe(true);
    }
    for (const h of [
      '8.8.8.8',
      '172.15.0.1',
      '172.32.0.1',
      '192.169.0.1',
      '11.0.0.1',
      'example.com',
      'evil.lan.example.com',
      'lan.example.com',
      'localhost',
      '127.0.0.1',
      '999.1.1.1',
    ]) {
      expect(isIntranetHost(h), h).toBe(false);
    }
  });

  it('an intranet http address is kept as its exact origin; a public http address becomes a host name (https only)', () => {
    expect(normaliseSite('http://10.1.2.3:8080/his/login')).toBe('http://10.1.2.3:8080');
    expect(normaliseSite('HTTP://Frontdesk.LAN/')).toBe('http://frontdesk.lan');
    expect(normaliseSite('http://example.com/x')).toBe('example.com');
    expect(sanitiseSettings({ siteAllowList: ['http://his', 'http://user:pw@10.0.0.1/'] }).siteAllowList).toEqual(['http://his']);
  });

  it('page access: listed intranet origin allowed (insecure), others offered exactly, public http refused whatever the list says', () => {
    const list = ['12306.cn', 'http://10.1.2.3:8080', 'public.example'];
    expect(pageAccess('http://10.1.2.3:8080/reg', list)).toEqual({ kind: 'allowed', insecure: true });
    expect(pageAccess('http://10.1.2.3:8081/reg', list)).toEqual({
      kind: 'not-listed',
      entry: 'http://10.1.2.3:8081',
      pattern: 'http://10.1.2.3/*',
      insecure: true,
    });
    expect(pageAccess('http://public.example/reg', list)).toEqual({ kind: 'refused', reason: 'insecure' });
    expect(pageAccess('https://public.example/reg', list)).toEqual({ kind: 'allowed', insecure: false });
    expect(pageAccess('https://kyfw.12306.cn/x', list)).toEqual({ kind: 'allowed', insecure: false });
    expect(pageAccess('http://localhost:5173/', list)).toEqual({ kind: 'allowed', insecure: false });
    expect(pageAccess('https://hotel.example.cn/x', list)).toMatchObject({
      kind: 'not-listed',
      entry: 'hotel.example.cn',
      pattern: 'https://hotel.example.cn/*',
    });
    expect(pageAccess('file:///tmp/x.html', list)).toEqual({ kind: 'refused', reason: 'scheme' });
  });

  it('asks the browser for a host permission only where the manifest can grant it', () => {
    const grantable = ['https://*.12306.cn/*', 'https://*.chinatax.gov.cn/*'];
    expect(patternGrantable('https://kyfw.12306.cn/*', grantable)).toBe(true);
    expect(patternGrantable('https://12306.cn/*', grantable)).toBe(true);
    expect(patternGrantable('https://evil12306.cn/*', grantable)).toBe(false);
    expect(patternGrantable('http://kyfw.12306.cn/*', grantable)).toBe(false);
    expect(patternGrantable('http://10.1.2.3/*', grantable)).toBe(false);
  });
});

describe('the context-menu click', () => {
  const deps = () => ({
    tabUrl: vi.fn(async () => 'http://10.20.0.5:8080/guest/new?x=1'),
    inject: vi.fn(async () => undefined),
    askTarget: vi.fn(async () => ({ ok: true as const, selector: '#guestIdNo', label: '证件' })),
    saveRule: vi.fn(async () => undefined),
  });

  it('injects into the clicked frame, asks it for the right-clicked control and stores a rule for the page origin', async () => {
    const d = deps();
    const r = await teachField(d, { menuItemId: 'cardfill-teach:documentNumber', frameId: 3 }, { id: 9 });
    expect(r).toEqual({ ok: true, rule: { origin: ORIGIN, selector: '#guestIdNo', field: 'documentNumber', label: '证件' } });
    expect(d.inject).toHaveBeenCalledWith(9, 3);
    expect(d.askTarget).toHaveBeenCalledWith(9, 3, undefined);
    expect(d.saveRule).toHaveBeenCalledWith({ origin: ORIGIN, selector: '#guestIdNo', field: 'documentNumber', label: '证件' });
  });

  it('answers a typed error, stores nothing: not a teach item, no tab, a non-web page, or no control found', async () => {
    const d = deps();
    expect(await teachField(d, { menuItemId: 'cardfill-fill-from-card' }, { id: 9 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await teachField(d, { menuItemId: 'cardfill-teach:never' }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'NOT_ALLOWED' },
    });
    d.tabUrl.mockResolvedValueOnce('chrome://settings/');
    expect(await teachField(d, { menuItemId: 'cardfill-teach:never' }, { id: 9 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_ALLOWED' },
    });
    d.askTarget.mockResolvedValueOnce({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'Right-click the field again', retriable: false },
    } as never);
    expect(await teachField(d, { menuItemId: 'cardfill-teach:never' }, { id: 9 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(d.saveRule).not.toHaveBeenCalled();
  });
});
