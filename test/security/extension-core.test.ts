/**
 * The extension's security core as units (docs/architecture.md §6, §7): the fill controller refuses insecure
 * and unlisted pages before any script or card data goes to the tab, fills only the approved
 * items of the plan made for that tab at that URL, in frame 0; the card store keeps card data in
 * memory and storage.session only, and forgets it on time. The browser APIs are a recording fake;
 * the controller, the store and the settings code are the real ones.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CardRecord } from '../../src/card/record';
import { decodeCardText } from '../../src/card/decode';
import { SYNTHETIC_CARDS } from '../../src/card/synthetic';
import type { FillPlan } from '../../src/fill/engine';

type Listener = (...args: unknown[]) => void;
const calls: { api: string; args: unknown[] }[] = [];
const areas: Record<'local' | 'sync' | 'session' | 'managed', Record<string, unknown>> = { local: {}, sync: {}, session: {}, managed: {} };
const tabs = new Map<number, { id: number; url?: string }>();
const listeners: Record<string, Listener[]> = {};
const on = (name: string) => ({ addListener: (l: Listener) => (listeners[name] ??= []).push(l) });
const fire = (name: string, ...args: unknown[]) => (listeners[name] ?? []).forEach((l) => l(...args));

function storageArea(name: keyof typeof areas) {
  return {
    get: async (keys: string | null) => {
      calls.push({ api: `storage.${name}.get`, args: [keys] });
      const data = areas[name];
      if (keys === null) return structuredClone(data);
      return keys in data ? { [keys]: structuredClone(data[keys]) } : {};
    },
    set: async (items: Record<string, unknown>) => {
      calls.push({ api: `storage.${name}.set`, args: [items] });
      Object.assign(areas[name], structuredClone(items));
    },
    remove: async (key: string) => {
      calls.push({ api: `storage.${name}.remove`, args: [key] });
      delete areas[name][key];
    },
  };
}

const fakeBrowser = {
  tabs: {
    get: async (id: number) => {
      const tab = tabs.get(id);
      if (!tab) throw new Error('No tab with id');
      return { ...tab };
    },
    onRemoved: on('tabs.onRemoved'),
    onUpdated: on('tabs.onUpdated'),
  },
  scripting: {
    executeScript: async (details: unknown) => {
      calls.push({ api: 'scripting.executeScript', args: [details] });
      return [];
    },
  },
  storage: {
    local: storageArea('local'),
    sync: storageArea('sync'),
    session: storageArea('session'),
    managed: storageArea('managed'),
    onChanged: on('storage.onChanged'),
  },
  alarms: {
    create: async (...args: unknown[]) => void calls.push({ api: 'alarms.create', args }),
    clear: async (...args: unknown[]) => (calls.push({ api: 'alarms.clear', args }), true),
    onAlarm: on('alarms.onAlarm'),
  },
};

/** What the content script answers; the card it was sent is recorded in `calls`. */
let planToReturn: FillPlan;
const fakeContent = {
  sendMessage: async (type: string, data: unknown, target: unknown) => {
    calls.push({ api: `content.${type}`, args: [data, target] });
    if (type === 'contentPlan') return { ok: true, plan: planToReturn };
    const plan = (data as { plan: FillPlan }).plan;
    return {
      ok: true,
      report: {
        filled: plan.items.filter((i) => i.enabled).map((i) => ({ id: i.id, field: i.field, label: i.label, value: i.value })),
        skipped: [],
        reverted: [],
      },
    };
  },
};

vi.mock('webextension-polyfill', () => ({ default: fakeBrowser }));
vi.mock('../../extension/shared/messages', () => ({
  content: fakeContent,
  ui: { onMessage: () => undefined, sendMessage: async () => undefined },
}));

const { FillController } = await import('../../extension/background/fill-controller');
const { CardStore } = await import('../../extension/background/card-store');

const card: CardRecord = decodeCardText(SYNTHETIC_CARDS.resident.text, { today: '2026-01-15' });
const secret = card.number;
const sentCard = () => calls.filter((c) => c.api.startsWith('content.') || c.api === 'scripting.executeScript');

beforeEach(() => {
  calls.length = 0;
  for (const a of Object.values(areas)) for (const k of Object.keys(a)) delete a[k];
  tabs.clear();
  planToReturn = {
    planId: 'plan-1',
    url: '',
    site: null,
    items: [
      { id: 'f1', field: 'fullName', label: '姓名', value: card.nameZh!, enabled: true },
      { id: 'f2', field: 'documentNumber', label: '证件号码', value: card.number, enabled: true },
    ],
    refused: [],
  };
});

describe('the fill controller refuses before the page sees anything', () => {
  const refused: [string, string][] = [
    ['http: on an allowed site name', 'http://kyfw.12306.cn/otn/passenger.html'],
    ['http: on any other name', 'http://evil.example/form'],
    ['http: on a name that starts like localhost', 'http://localhost.evil.example/'],
    ['https: on a site not in the list', 'https://evil.example/form'],
    ['https: on a name that merely contains an allowed site', 'https://kyfw.12306.cn.evil.example/'],
    ['https: on a name that ends like an allowed site', 'https://evil12306.cn/'],
    ['a file: page', 'file:///home/person/form.html'],
    ['a data: page', 'data:text/html,<input name=xm>'],
    ['a tab whose address the extension cannot see', ''],
  ];
  it.each(refused)('%s (%s): NOT_ALLOWED, no script injected, no card sent', async (_what, url) => {
    tabs.set(5, url ? { id: 5, url } : { id: 5 });
    const controller = new FillController();
    await expect(controller.plan(5, card)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    expect(sentCard()).toEqual([]);
  });

  it.each([
    ['an allowed site over https', 'https://kyfw.12306.cn/otn/view/passenger_edit.html'],
    ['a subdomain of an allowed site', 'https://etax.zhejiang.chinatax.gov.cn/x'],
    ['this computer over http (localhost)', 'http://localhost:8080/form.html'],
    ['this computer over http (127.0.0.1)', 'http://127.0.0.1:5173/form.html'],
  ])('plans on %s, in frame 0 of that tab only', async (_what, url) => {
    tabs.set(5, { id: 5, url });
    planToReturn.url = url;
    const plan = await new FillController().plan(5, card);
    expect(plan.planId).toBe('plan-1');
    expect(calls.find((c) => c.api === 'scripting.executeScript')!.args[0]).toEqual({
      target: { tabId: 5, frameIds: [0] },
      files: ['extension/content.js'],
    });
    expect(calls.find((c) => c.api === 'content.contentPlan')!.args[1]).toEqual({ tabId: 5, frameId: 0 });
  });
});

describe('the fill controller fills only what was approved, where it was planned', () => {
  const url = 'https://kyfw.12306.cn/otn/view/passenger_edit.html';
  const contentFills = () => calls.filter((c) => c.api === 'content.contentFill');

  it('sends only the approved items as enabled; ids it never planned are ignored', async () => {
    tabs.set(5, { id: 5, url });
    const controller = new FillController();
    await controller.plan(5, card);
    await controller.fill(5, 'plan-1', ['f1', 'f99']);
    const sent = (contentFills()[0]!.args[0] as { plan: FillPlan }).plan;
    expect(sent.items.map((i) => [i.id, i.enabled])).toEqual([
      ['f1', true],
      ['f2', false],
    ]);
    expect(contentFills()[0]!.args[1]).toEqual({ tabId: 5, frameId: 0 });
  });

  it('refuses when the tab URL changed since the preview (hash, path or query), and fills nothing', async () => {
    for (const changed of [url + '#x', url.replace('passenger_edit', 'other'), url + '?a=1']) {
      calls.length = 0;
      tabs.set(5, { id: 5, url });
      const controller = new FillController();
      await controller.plan(5, card);
      tabs.set(5, { id: 5, url: changed });
      await expect(controller.fill(5, 'plan-1', ['f1', 'f2'])).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      expect(contentFills()).toEqual([]);
      // And the plan is gone: going back to the old URL does not revive it.
      tabs.set(5, { id: 5, url });
      await expect(controller.fill(5, 'plan-1', ['f1'])).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
  });

  it('forgets the plan when the tab navigates or closes', async () => {
    tabs.set(5, { id: 5, url });
    const controller = new FillController();
    await controller.plan(5, card);
    fire('tabs.onUpdated', 5, { url: url + '#moved' });
    await expect(controller.fill(5, 'plan-1', ['f1'])).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await controller.plan(5, card);
    fire('tabs.onRemoved', 5);
    await expect(controller.fill(5, 'plan-1', ['f1'])).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(contentFills()).toEqual([]);
  });

  it('a plan made for one tab cannot be filled into another, nor with another plan id', async () => {
    tabs.set(5, { id: 5, url });
    tabs.set(6, { id: 6, url });
    const controller = new FillController();
    await controller.plan(5, card);
    await expect(controller.fill(6, 'plan-1', ['f1'])).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(controller.fill(5, 'plan-2', ['f1'])).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(contentFills()).toEqual([]);
  });

  it('a plan is used once: a second fill needs a new preview', async () => {
    tabs.set(5, { id: 5, url });
    const controller = new FillController();
    await controller.plan(5, card);
    await controller.fill(5, 'plan-1', ['f1']);
    await expect(controller.fill(5, 'plan-1', ['f1'])).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(contentFills()).toHaveLength(1);
  });
});

describe('the card store keeps card data in memory and storage.session only', () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.UTC(2026, 0, 15, 9) }));
  afterEach(() => vi.useRealTimers());

  it('writes the card to storage.session, never to storage.local or storage.sync', async () => {
    const store = new CardStore();
    await store.set(card, 120);
    expect(store.card?.number).toBe(secret);
    const writes = calls.filter((c) => c.api.endsWith('.set'));
    expect(writes.map((w) => w.api)).toEqual(['storage.session.set']);
    expect(JSON.stringify(areas.local) + JSON.stringify(areas.sync)).not.toContain(secret);
    await store.clear();
  });

  it('forgets the card when its time is up, in memory and in storage.session', async () => {
    const store = new CardStore();
    await store.set(card, 120);
    await vi.advanceTimersByTimeAsync(119_000);
    expect(store.card).not.toBeNull();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(store.card).toBeNull();
    expect(JSON.stringify(areas.session)).not.toContain(secret);
  });

  it('a suspended worker does not bring back an expired card', async () => {
    const first = new CardStore();
    await first.set(card, 60);
    vi.setSystemTime(Date.now() + 61_000);
    const second = new CardStore();
    await second.restore();
    expect(second.card).toBeNull();
    expect(JSON.stringify(areas.session)).not.toContain(secret);
    await first.clear();
  });

  it('Clear forgets it at once', async () => {
    const store = new CardStore();
    await store.set(card, 120);
    await store.clear();
    expect(store.card).toBeNull();
    expect(JSON.stringify(areas)).not.toContain(secret);
  });
});
