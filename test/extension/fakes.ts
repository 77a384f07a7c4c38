/**
 * (No import here may load webextension-polyfill: the mock of that module loads this file.)
 * Stand-ins for the browser edges of the popup and options page: webextension-polyfill (runtime
 * port, tabs, storage) and the UiProtocol messaging module. Everything else — components, store,
 * i18n with the real _locales files, settings merging — is the real code.
 */
import { vi } from 'vitest';
import type { PublicState } from '../../extension/shared/messages';
import type { Settings } from '../../extension/shared/settings';

export const EXTENSION_ID = 'kgmcdhopppdlggghpgbcmpgemaccdmoc';

type Listener = (message: unknown) => void;
const portListeners = new Set<Listener>();
const storageListeners = new Set<(changes: Record<string, unknown>, area: string) => void>();
export const storage = { local: {} as Record<string, unknown>, managed: {} as Record<string, unknown> };

function area(name: 'local' | 'managed') {
  return {
    get: vi.fn(async (keys: string | null) => {
      const data = storage[name];
      if (keys === null) return structuredClone(data);
      return keys in data ? { [keys]: structuredClone(data[keys]) } : {};
    }),
    set: vi.fn(async (items: Record<string, unknown>) => {
      Object.assign(storage[name], structuredClone(items));
      for (const l of storageListeners) l(items, name);
    }),
  };
}

export const fakeBrowser = {
  runtime: {
    id: EXTENSION_ID,
    getURL: (p: string) => `chrome-extension://${EXTENSION_ID}/${p}`,
    openOptionsPage: vi.fn(async () => undefined),
    getManifest: () => ({ optional_host_permissions: ['https://*.12306.cn/*', 'https://*.chinatax.gov.cn/*'] }),
    connect: vi.fn(() => ({
      onMessage: { addListener: (l: Listener) => portListeners.add(l) },
      disconnect: () => portListeners.clear(),
      postMessage: () => undefined,
    })),
  },
  tabs: { query: vi.fn(async () => [{ id: 7 }]) },
  /** The browser's own "allow this site?" prompt: tests set what the person answers. */
  permissions: { request: vi.fn(async (_p: { origins: string[] }) => true) },
  i18n: { getUILanguage: () => 'en' },
  storage: {
    local: area('local'),
    managed: area('managed'),
    onChanged: {
      addListener: (l: (changes: Record<string, unknown>, area: string) => void) => storageListeners.add(l),
      removeListener: (l: (changes: Record<string, unknown>, area: string) => void) => storageListeners.delete(l),
    },
  },
};

/** What the fake background answers to each UiProtocol message; tests set these. */
export const handlers: Record<string, (data: unknown) => unknown> = {};
export const fakeUi = {
  sendMessage: vi.fn(async (type: string, data: unknown) => {
    const handler = handlers[type];
    if (!handler) throw new Error(`no fake handler for ${type}`);
    return handler(data);
  }),
};

/** The background pushes a new state over the "cardfill-state" port. */
export function pushState(state: PublicState): void {
  for (const l of portListeners) l(structuredClone(state));
}

export function baseState(patch: Partial<PublicState> = {}): PublicState {
  return {
    host: { state: 'ready', version: '0.1.0', reader: 'Simulated reader', error: null, update: null },
    phase: 'idle',
    card: null,
    error: null,
    readingSince: null,
    expiresAt: null,
    staffMode: false,
    watching: false,
    fillsToday: 0,
    ...patch,
  };
}

export function resetFakes(settings: Partial<Settings> = {}, managed: Record<string, unknown> = {}): void {
  portListeners.clear();
  storageListeners.clear();
  storage.local = { settings: { ...settings } };
  storage.managed = { ...managed };
  for (const k of Object.keys(handlers)) delete handlers[k];
  fakeUi.sendMessage.mockClear();
  fakeBrowser.runtime.openOptionsPage.mockClear();
  fakeBrowser.permissions.request.mockReset();
  fakeBrowser.permissions.request.mockImplementation(async () => true);
}
