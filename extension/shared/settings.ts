/**
 * Settings (no personal data): storage.local for the user's choices, storage.managed for policy
 * set by IT (managed values win, docs/architecture.md §7). Card data never goes here.
 * Values of the wrong type — from a hand-edited policy or an old version — are ignored key by
 * key, so one bad policy value never breaks the extension.
 */
import browser from 'webextension-polyfill';
import { SITE_HOSTS } from '../../src/sites/index';

type LanguageSetting = 'en' | 'zh_CN' | null;

export interface Settings {
  /** Reader SPEC sent to the host, or null to use the host's own default. */
  reader: string | null;
  clearAfterSeconds: number;
  clearAfterFill: boolean;
  staffMode: boolean;
  /** Host names where filling is allowed (a name also allows its subdomains). */
  siteAllowList: string[];
  /** UI language override: null = the browser's language. */
  language: LanguageSetting;
}

export const DEFAULT_SETTINGS: Settings = {
  reader: null,
  clearAfterSeconds: 120,
  clearAfterFill: true,
  staffMode: false,
  siteAllowList: [...SITE_HOSTS],
  language: null,
};

/** Keys IT can set through policy (extension/public/managed-schema.json has the same names). */
const MANAGEABLE_KEYS = ['siteAllowList', 'clearAfterSeconds', 'clearAfterFill', 'staffMode', 'reader', 'language'] as const;
export type ManageableKey = (typeof MANAGEABLE_KEYS)[number];

/** The options page offers 15 s … 1 h (as the policy schema does). */
export const CLEAR_AFTER_MIN_UI = 15;
export const CLEAR_AFTER_MAX = 3600;

export interface EffectiveSettings extends Settings {
  /** Keys fixed by policy; the options page shows them locked. */
  locked: ManageableKey[];
}

const HOST_NAME_RE = /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.?$/i;

/** A site list entry in canonical form (lower case, no scheme/path/wildcard), or null if it is not a host name. */
export function normaliseSite(input: string): string | null {
  let s = input.trim().toLowerCase();
  // People paste addresses: keep only the host part.
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/[/?#].*$/, '').replace(/:\d+$/, '');
  if (s === '' || s.length > 253 || !HOST_NAME_RE.test(s)) return null;
  s = s.replace(/^\*\./, '').replace(/\.$/, '');
  return s.includes('.') || s === 'localhost' ? s : null;
}

/** Keep only values of the right type; anything else is dropped (the default or user value applies). */
export function sanitiseSettings(raw: unknown): Partial<Settings> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const o = raw as Record<string, unknown>;
  const out: Partial<Settings> = {};
  if (o['reader'] === null || (typeof o['reader'] === 'string' && o['reader'].length <= 512 && !/[\0\n\r]/.test(o['reader']))) {
    const r = (o['reader'] as string | null)?.trim() ?? null;
    out.reader = r === '' || r === 'auto' ? null : r;
  }
  if (typeof o['clearAfterSeconds'] === 'number' && Number.isFinite(o['clearAfterSeconds'])) {
    // No lower bound of 15 here: tests (and IT, knowingly) may set a few seconds through storage.
    out.clearAfterSeconds = Math.min(CLEAR_AFTER_MAX, Math.max(1, Math.round(o['clearAfterSeconds'])));
  }
  if (typeof o['clearAfterFill'] === 'boolean') out.clearAfterFill = o['clearAfterFill'];
  if (typeof o['staffMode'] === 'boolean') out.staffMode = o['staffMode'];
  if (Array.isArray(o['siteAllowList'])) {
    const sites = o['siteAllowList'].filter((s): s is string => typeof s === 'string').map(normaliseSite).filter((s): s is string => s !== null);
    out.siteAllowList = [...new Set(sites)];
  }
  if (o['language'] === null || o['language'] === 'en' || o['language'] === 'zh_CN') out.language = o['language'];
  return out;
}

async function managedValues(): Promise<Partial<Settings>> {
  try {
    return sanitiseSettings(await browser.storage.managed.get(null));
  } catch {
    return {}; // No policy installed (or not supported, e.g. Firefox without a policy file).
  }
}

/** The settings in force: defaults, then the user's choices, then policy (which wins). */
export function mergeSettings(user: Partial<Settings>, managed: Partial<Settings>): EffectiveSettings {
  const merged: Settings = { ...DEFAULT_SETTINGS, ...user };
  const locked: ManageableKey[] = [];
  for (const key of MANAGEABLE_KEYS) {
    if (managed[key] !== undefined) {
      (merged as unknown as Record<string, unknown>)[key] = managed[key];
      locked.push(key);
    }
  }
  return { ...merged, locked };
}

export async function loadSettings(): Promise<EffectiveSettings> {
  const [local, managed] = await Promise.all([browser.storage.local.get('settings'), managedValues()]);
  return mergeSettings(sanitiseSettings(local['settings']), managed);
}

export async function saveSettings(patch: Partial<Settings>): Promise<void> {
  const local = await browser.storage.local.get('settings');
  const current = sanitiseSettings(local['settings']);
  await browser.storage.local.set({ settings: { ...current, ...patch } });
}

/** Calls `listener` whenever the user's settings or the policy change. */
export function onSettingsChanged(listener: () => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if ((area === 'local' && 'settings' in changes) || area === 'managed') listener();
  });
}

/**
 * The reader SPEC to send with a request, or undefined for the host's own default. The host
 * accepts only auto, sim and serial devices from the browser; a vendor library (sdtapi:) is local
 * configuration (`cardfill-host install --reader sdtapi:…`, native-host/messaging.ts
 * assertRequestableSpec), so such a choice is not sent: the host then uses what was installed.
 */
export function requestReader(reader: string | null): string | undefined {
  if (reader === null || reader.startsWith('sdtapi:')) return undefined;
  return reader;
}

/** True when `hostname` is an allowed site or a subdomain of one. */
export function siteAllowed(hostname: string, allowList: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return allowList.some((entry) => {
    const site = entry.trim().toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
    return site !== '' && (host === site || host.endsWith('.' + site));
  });
}
