// @vitest-environment happy-dom
/**
 * The card view and the fill preview as a person uses them: the number masked until revealed,
 * every correctable fact editable (the card as read never changes, edits are marked, the plan is
 * made from the edited copy), validity warnings, photo or placeholder, per-field toggles, report.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fakes')).fakeBrowser }));
vi.mock('../../extension/shared/messages', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  ui: (await import('./fakes')).fakeUi,
}));

import { App } from '../../extension/popup/App';
import { resetPopupState } from '../../extension/popup/store';
import { localToday } from '../../extension/popup/card-facts';
import type { CardRecord } from '../../src/card/record';
import type { FillPlan } from '../../src/fill/engine';
import { baseState, fakeBrowser, fakeUi, handlers, pushState, resetFakes } from './fakes';
import { useLanguage } from './lang';
import { syntheticCard } from './cards';

function showCard(card: CardRecord) {
  const view = render(<App fixedTabId={7} />);
  act(() => pushState(baseState({ phase: 'card', card, expiresAt: Date.now() + 120_000 })));
  return view;
}
const row = (c: Element, field: string) => c.querySelector(`[data-field=${field}]`) as HTMLElement;

function daysFromToday(days: number): string {
  const d = new Date(`${localToday()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

beforeEach(() => {
  resetFakes();
  resetPopupState();
  useLanguage('en');
});
afterEach(() => cleanup());

describe('card view', () => {
  it('masks the number by default and reveals it with a toggle that says its state', () => {
    const card = syntheticCard('resident');
    const { container } = showCard(card);
    const value = () => row(container, 'number').querySelector('.value')!.textContent;
    expect(value()).toBe(`${card.number.slice(0, 6)}••••••••${card.number.slice(-4)}`);
    const toggle = screen.getByRole('button', { name: 'Show number' });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(toggle);
    expect(value()).toBe(card.number);
    expect(screen.getByRole('button', { name: 'Hide number' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Hide number' }));
    expect(value()).not.toContain(card.number);
  });

  it('shows what each card carries: ethnicity and long-term validity for a resident card', () => {
    const { container } = showCard(syntheticCard('resident'));
    expect(row(container, 'ethnicity').textContent).toContain('汉族');
    expect(row(container, 'validUntil').textContent).toContain('long-term');
    expect(row(container, 'nationality')).toBeNull();
    expect(container.querySelector('[data-check=numberChecksum]')!.getAttribute('data-ok')).toBe('true');
    expect(container.querySelector('[data-check=birthDateMatchesNumber]')!.textContent).toContain('Birth date matches the number');
  });

  it('flags a failing check digit (a 2017 card like the vendor specimens) without hiding the card', () => {
    const { container } = showCard(syntheticCard('foreign-2017-bad-check'));
    const badge = container.querySelector('[data-check=numberChecksum]')!;
    expect(badge.getAttribute('data-ok')).toBe('false');
    expect(badge.textContent).toContain('Check digit wrong');
    expect(row(container, 'nameEn').textContent).toContain('MARTIN, CLAIRE');
  });

  it('warns when the card has expired, and when it expires within 30 days', () => {
    const expired = showCard(syntheticCard('resident-expired'));
    expect(expired.container.querySelector('[data-validity=expired]')!.textContent).toContain('This card has expired.');
    cleanup();
    resetPopupState();
    const soon = { ...syntheticCard('hmt'), validUntil: daysFromToday(10) };
    const { container } = showCard(soon);
    expect(container.querySelector('[data-validity=expiring-soon]')!.textContent).toContain(daysFromToday(10));
    cleanup();
    resetPopupState();
    const later = { ...syntheticCard('hmt'), validUntil: daysFromToday(60) };
    expect(showCard(later).container.querySelector('[data-validity]')).toBeNull();
  });

  it("shows a photo it can display, and a neutral placeholder for the chip's WLT photo", () => {
    const png = { ...syntheticCard('resident'), photo: { mime: 'image/png', base64: 'iVBORw0KGgo=' } };
    const first = showCard(png);
    expect(first.container.querySelector('img.photo')!.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    cleanup();
    resetPopupState();
    const wlt = { ...syntheticCard('resident'), photo: { mime: 'application/x-wlt', base64: 'V0xUAAAA' } };
    const { container } = showCard(wlt);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('img', { name: 'No photo to show' })).toBeTruthy();
  });
});

describe('editing before the fill', () => {
  it("edits a copy: the row is marked edited with the card's own value, and the read card is unchanged", async () => {
    const card = syntheticCard('foreign-2023');
    const before = structuredClone(card);
    const { container } = showCard(card);
    fireEvent.click(screen.getByRole('button', { name: 'Edit English name' }));
    const input = screen.getByLabelText('English name') as HTMLInputElement;
    expect(input.value).toBe(card.nameEn);
    fireEvent.input(input, { target: { value: 'VAN DER BERG, ALEXANDRA' } });
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    const r = row(container, 'nameEn');
    expect(r.getAttribute('data-edited')).toBe('true');
    expect(r.querySelector('.value')!.textContent).toBe('VAN DER BERG, ALEXANDRA');
    expect(r.textContent).toContain(`card says: ${card.nameEn}`);
    expect(card).toEqual(before);

    // The plan is made from the edited copy.
    handlers['planFill'] = () => ({
      ok: true,
      plan: { planId: 'p1', url: 'https://x/', site: null, items: [], refused: [] } satisfies FillPlan,
    });
    fireEvent.click(container.querySelector('[data-action=preview]')!);
    await waitFor(() => expect(fakeUi.sendMessage).toHaveBeenCalledWith('planFill', expect.anything()));
    const sent = fakeUi.sendMessage.mock.calls.find((c) => c[0] === 'planFill')![1] as { tabId: number; card: CardRecord };
    expect(sent.tabId).toBe(7);
    expect(sent.card.nameEn).toBe('VAN DER BERG, ALEXANDRA');
    expect(sent.card.nameZh).toBe(card.nameZh);
    expect(card).toEqual(before);
  });

  it('Undo restores the value as read', () => {
    const card = syntheticCard('resident');
    const { container } = showCard(card);
    fireEvent.click(screen.getByRole('button', { name: 'Edit Address' }));
    fireEvent.input(screen.getByLabelText('Address'), { target: { value: '北京市东城区' } });
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(row(container, 'address').getAttribute('data-edited')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Undo the edit of Address' }));
    expect(row(container, 'address').getAttribute('data-edited')).toBeNull();
    expect(row(container, 'address').textContent).toContain(card.address!);
  });

  it('typing the original value back is not an edit', () => {
    const card = syntheticCard('resident');
    const { container } = showCard(card);
    fireEvent.click(screen.getByRole('button', { name: 'Edit Chinese name' }));
    const input = screen.getByLabelText('Chinese name');
    fireEvent.input(input, { target: { value: '陈思' } });
    fireEvent.input(input, { target: { value: card.nameZh } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(row(container, 'nameZh').getAttribute('data-edited')).toBeNull();
  });

  it('editing the number shows it, and the check badge follows the edited number', () => {
    const card = syntheticCard('resident');
    const { container } = showCard(card);
    fireEvent.click(screen.getByRole('button', { name: 'Edit Number' }));
    const input = screen.getByLabelText('Number') as HTMLInputElement;
    expect(input.value).toBe(card.number);
    const wrongLast = card.number.slice(0, 17) + (card.number[17] === '1' ? '2' : '1');
    fireEvent.input(input, { target: { value: wrongLast } });
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(row(container, 'number').querySelector('.value')!.textContent).toBe(wrongLast);
    expect(container.querySelector('[data-check=numberChecksum]')!.getAttribute('data-ok')).toBe('false');
  });

  it('sex and nationality are chosen from lists, and shown in words', () => {
    const { container } = showCard(syntheticCard('foreign-2017'));
    fireEvent.click(screen.getByRole('button', { name: 'Edit Sex' }));
    fireEvent.change(screen.getByLabelText('Sex'), { target: { value: 'female' } });
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(row(container, 'sex').querySelector('.value')!.textContent).toBe('Female');
    fireEvent.click(screen.getByRole('button', { name: 'Edit Nationality' }));
    const select = screen.getByLabelText('Nationality') as HTMLSelectElement;
    expect(select.value).toBe('GBR');
    fireEvent.change(select, { target: { value: 'IRL' } });
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(row(container, 'nationality').querySelector('.value')!.textContent).toBe('Ireland');
  });

  it('a newly read card drops the edits made to the previous one', () => {
    const { container } = showCard(syntheticCard('resident'));
    fireEvent.click(screen.getByRole('button', { name: 'Edit Chinese name' }));
    fireEvent.input(screen.getByLabelText('Chinese name'), { target: { value: '改名' } });
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    act(() => pushState(baseState({ phase: 'card', card: syntheticCard('hmt'), expiresAt: Date.now() + 60_000 })));
    expect(container.querySelector('[data-edited]')).toBeNull();
    expect(row(container, 'nameZh').textContent).toContain('何嘉欣');
  });
});

describe('fill preview and report', () => {
  const plan: FillPlan = {
    planId: 'plan-1',
    url: 'https://kyfw.12306.cn/otn/view/passenger_edit.html',
    site: '12306-passenger',
    items: [
      { id: 'f1', field: 'documentType', label: '证件类型', value: '外国人永久居留身份证', enabled: true },
      { id: 'f2', field: 'documentNumber', label: '证件号码', value: '931528198709220048', enabled: true },
      { id: 'f3', field: 'nameEn', label: '姓名', value: 'VAN DER BERG', enabled: true },
      { id: 'f4', field: 'address', label: '地址', value: '—', enabled: false },
    ],
    refused: [{ label: '密码', reason: 'password field' }],
  };

  it('lists label → value with a switch per field; Fill sends only the fields left on, then shows the report', async () => {
    handlers['planFill'] = () => ({ ok: true, plan });
    handlers['fill'] = () => ({
      ok: true,
      report: {
        filled: [
          { id: 'f1', field: 'documentType', label: '证件类型', value: '外国人永久居留身份证' },
          { id: 'f3', field: 'nameEn', label: '姓名', value: 'VAN DER BERG' },
        ],
        skipped: [],
        reverted: [],
      },
    });
    const { container } = showCard(syntheticCard('foreign-2023'));
    fireEvent.click(container.querySelector('[data-action=preview]')!);
    await screen.findByText('What will be filled');
    const boxes = [...container.querySelectorAll<HTMLInputElement>('[data-plan-item]')];
    expect(boxes.map((b) => [b.getAttribute('data-plan-item'), b.checked, b.disabled])).toEqual([
      ['documentType', true, false],
      ['documentNumber', true, false],
      ['nameEn', true, false],
      ['address', false, true],
    ]);
    expect(screen.getByText('1 field(s) will not be touched (hidden, covered or not allowed).')).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: /证件号码/ }));
    expect(container.querySelector('[data-action=fill]')!.textContent).toBe('Fill 2 field(s)');
    fireEvent.click(container.querySelector('[data-action=fill]')!);
    await screen.findByText('Fill report');
    expect(fakeUi.sendMessage).toHaveBeenCalledWith('fill', { tabId: 7, planId: 'plan-1', approvedIds: ['f1', 'f3'] });
    expect(container.querySelector('[data-report=summary]')!.textContent).toBe('2 filled, 0 skipped, 0 changed back by the page');
  });

  it('an edit after the preview drops the stale plan', async () => {
    handlers['planFill'] = () => ({ ok: true, plan });
    const { container } = showCard(syntheticCard('foreign-2023'));
    fireEvent.click(container.querySelector('[data-action=preview]')!);
    await screen.findByText('What will be filled');
    fireEvent.click(screen.getByRole('button', { name: 'Edit Chinese name' }));
    fireEvent.input(screen.getByLabelText('Chinese name'), { target: { value: '贝' } });
    expect(screen.queryByText('What will be filled')).toBeNull();
  });

  it('a refused page says why in words and offers the site list', async () => {
    handlers['planFill'] = () => ({
      ok: false,
      error: { code: 'NOT_ALLOWED', message: 'example.com is not in CardFill’s site list', retriable: false },
    });
    const { container } = showCard(syntheticCard('resident'));
    fireEvent.click(container.querySelector('[data-action=preview]')!);
    await screen.findByText('CardFill may not fill this page.');
    expect(screen.getByText('example.com is not in CardFill’s site list')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Open the site list' })).toBeTruthy();
  });
});

describe('intranet pages, taught fields and one-click allow', () => {
  const plan: FillPlan = {
    planId: 'p9',
    url: 'http://10.1.2.3:8080/reg',
    site: null,
    items: [
      { id: 'f1', field: 'documentNumber', label: '凭证', value: '330106196207120032', enabled: true, taught: true },
      { id: 'f2', field: 'fullName', label: '姓名', value: '陈思远', enabled: true },
    ],
    refused: [],
  };
  const notListed = (entry: string, site: string, pattern: string) => ({
    ok: false,
    error: { code: 'NOT_ALLOWED', message: `${site} is not in CardFill’s site list`, retriable: false },
    allow: { site, entry, pattern },
  });

  it('an allowed intranet page: the plan says the page is not encrypted; a taught item is marked', async () => {
    handlers['planFill'] = () => ({ ok: true, plan, insecure: true });
    const { container } = showCard(syntheticCard('resident'));
    fireEvent.click(container.querySelector('[data-action=preview]')!);
    await screen.findByText('What will be filled');
    expect(container.querySelector('[data-plan-insecure]')!.textContent).toContain('This page is not encrypted');
    expect(container.querySelectorAll('[data-taught]')).toHaveLength(1);
    expect(container.querySelector('li:has([data-taught])')!.textContent).toContain('凭证');
  });

  it('Allow on an intranet origin: no browser prompt (the manifest cannot grant it), the site is added, the plan is made again', async () => {
    let calls = 0;
    handlers['planFill'] = () =>
      ++calls === 1 ? notListed('http://10.1.2.3:8080', '10.1.2.3:8080', 'http://10.1.2.3/*') : { ok: true, plan, insecure: true };
    handlers['allowSite'] = () => ({ ok: true, entry: 'http://10.1.2.3:8080' });
    const { container } = showCard(syntheticCard('resident'));
    fireEvent.click(container.querySelector('[data-action=preview]')!);
    fireEvent.click(await screen.findByRole('button', { name: 'Allow CardFill on 10.1.2.3:8080' }));
    await screen.findByText('What will be filled');
    expect(fakeBrowser.permissions.request).not.toHaveBeenCalled();
    expect(fakeUi.sendMessage).toHaveBeenCalledWith('allowSite', { tabId: 7 });
    expect(container.querySelector('.fill-error')).toBeNull();
  });

  it('Allow on a site the manifest can grant asks the browser first; declined, nothing is added', async () => {
    handlers['planFill'] = () => notListed('kyfw.12306.cn', 'kyfw.12306.cn', 'https://kyfw.12306.cn/*');
    handlers['allowSite'] = () => ({ ok: true, entry: 'kyfw.12306.cn' });
    fakeBrowser.permissions.request.mockImplementation(async () => false);
    const { container } = showCard(syntheticCard('resident'));
    fireEvent.click(container.querySelector('[data-action=preview]')!);
    fireEvent.click(await screen.findByRole('button', { name: 'Allow CardFill on kyfw.12306.cn' }));
    await screen.findByText('CardFill was not allowed on this site. Nothing was changed.');
    expect(fakeBrowser.permissions.request).toHaveBeenCalledWith({ origins: ['https://kyfw.12306.cn/*'] });
    expect(fakeUi.sendMessage).not.toHaveBeenCalledWith('allowSite', expect.anything());
  });

  it('no Allow button when the refusal offers none (public http, or a list fixed by policy)', async () => {
    handlers['planFill'] = () => ({
      ok: false,
      error: { code: 'NOT_ALLOWED', message: 'CardFill fills only secure (https) pages', retriable: false },
    });
    const { container } = showCard(syntheticCard('resident'));
    fireEvent.click(container.querySelector('[data-action=preview]')!);
    await screen.findByText('CardFill may not fill this page.');
    expect(container.querySelector('[data-action=allow-site]')).toBeNull();
  });
});

describe("reasons in the person's language", () => {
  it('refused and skipped fields say why in Chinese when the popup speaks Chinese; unknown reasons stay as they are', async () => {
    useLanguage('zh_CN');
    handlers['planFill'] = () => ({
      ok: true,
      plan: {
        planId: 'p',
        url: 'https://x/',
        site: null,
        items: [{ id: 'f1', field: 'nameZh', label: '姓名', value: '陈思远', enabled: true }],
        refused: [
          { label: '密码', reason: 'password field' },
          { label: 'x', reason: 'covered by another element' },
          { label: 'y', reason: 'a reason the popup does not know' },
        ],
      } satisfies FillPlan,
    });
    const { container } = showCard(syntheticCard('resident'));
    fireEvent.click(container.querySelector('[data-action=preview]')!);
    await waitFor(() => expect(container.querySelector('.refused')).not.toBeNull());
    const text = container.querySelector('.refused')!.textContent!;
    expect(text).toContain('密码: 密码字段');
    expect(text).toContain('x: 被其他元素遮挡');
    expect(text).toContain('y: a reason the popup does not know');
  });
});
