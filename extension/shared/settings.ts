/**
 * Settings (no personal data): storage.local for the user's choices, storage.managed for policy
 * set by IT (managed values win, DESIGN §7 / issue 5). Card data never goes here.
 */
import browser from 'webextension-polyfill';

export interface Settings {
  /** Reader SPEC sent to the host, or null to use the host's own default. */
  reader: string | null;
  clearAfterSeconds: number;
  clearAfterFill: boolean;
  staffMode: boolean;
  /** Host names where filling is allowed (a name also allows its subdomains). */
  siteAllowList: string[];
  /** UI language override: null = the browser's language. */
  language: 'en' | 'zh_CN' | null;
}

export const DEFAULT_SETTINGS: Settings = {
  reader: null,
  clearAfterSeconds: 120,
  clearAfterFill: true,
  staffMode: false,
  siteAllowList: ['12306.cn', 'chinatax.gov.cn', '122.gov.cn', 'gjzwfw.gov.cn'],
  language: null,
};

export const MANAGEABLE_KEYS = ['siteAllowList', 'clearAfterSeconds', 'clearAfterFill', 'staffMode', 'reader'] as const;

export interface EffectiveSettings extends Settings {
  /** Keys fixed by policy; the options page shows them locked. */
  locked: string[];
}

async function managedValues(): Promise<Partial<Settings>> {
  try {
    return ((await browser.storage.managed.get(null)) ?? {}) as Partial<Settings>;
  } catch {
    return {}; // No policy installed (or not supported, e.g. Firefox without a policy file).
  }
}

export async function loadSettings(): Promise<EffectiveSettings> {
  const [local, managed] = await Promise.all([browser.storage.local.get('settings'), managedValues()]);
  const user = (local['settings'] ?? {}) as Partial<Settings>;
  const merged: Settings = { ...DEFAULT_SETTINGS, ...user };
  const locked: string[] = [];
  for (const key of MANAGEABLE_KEYS) {
    if (managed[key] !== undefined) {
      (merged as unknown as Record<string, unknown>)[key] = managed[key];
      locked.push(key);
    }
  }
  return { ...merged, locked };
}

export async function saveSettings(patch: Partial<Settings>): Promise<void> {
  const local = await browser.storage.local.get('settings');
  const current = (local['settings'] ?? {}) as Partial<Settings>;
  await browser.storage.local.set({ settings: { ...current, ...patch } });
}

/** True when `hostname` is an allowed site or a subdomain of one. */
export function siteAllowed(hostname: string, allowList: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return allowList.some((entry) => {
    const site = entry.trim().toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
    return site !== '' && (host === site || host.endsWith('.' + site));
  });
}
