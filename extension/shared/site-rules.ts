/**
 * Fields a person taught CardFill on one site ("CardFill: this field is…" in the context menu),
 * and those IT pushes by policy (`siteRules` in the managed schema). A rule is an origin, a CSS
 * selector and a card field (or "never") — never a value, never card data — in storage.local.
 * Policy rules are shown locked and win over the person's for the same origin and selector.
 */
import browser from 'webextension-polyfill';
import { FIELD_KINDS, type FieldKind, type SiteRule } from '../../src/fill/types';

export type TaughtField = FieldKind | 'never';

export interface StoredSiteRule {
  /** The page's origin (`https://host[:port]` or an intranet `http://` origin). */
  origin: string;
  selector: string;
  field: TaughtField;
  /** The field's label on the page when it was taught (the page's words, for the options list). */
  label?: string;
}

export interface EffectiveSiteRule extends StoredSiteRule {
  /** Set by policy: shown locked in the options. */
  managed: boolean;
}

export const SITE_RULES_KEY = 'siteRules';
/** Bounds that keep a broken or hostile policy from making every plan slow. */
export const MAX_RULES = 500;
const MAX_SELECTOR = 300;
const MAX_LABEL = 80;
export const TAUGHT_FIELDS: readonly TaughtField[] = [...FIELD_KINDS, 'never'];

/** `https://host[:port]` or `http://host[:port]` in canonical form, or null. */
export function canonicalOrigin(input: string): string | null {
  try {
    const url = new URL(input);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** Keep only well-formed rules (unknown fields, bad origins and oversized selectors are dropped). */
export function sanitiseRules(raw: unknown): StoredSiteRule[] {
  if (!Array.isArray(raw)) return [];
  const out: StoredSiteRule[] = [];
  for (const r of raw.slice(0, MAX_RULES)) {
    if (typeof r !== 'object' || r === null) continue;
    const o = r as Record<string, unknown>;
    const origin = typeof o['origin'] === 'string' ? canonicalOrigin(o['origin']) : null;
    const selector = typeof o['selector'] === 'string' ? o['selector'].trim() : '';
    const field = o['field'];
    if (!origin || selector === '' || selector.length > MAX_SELECTOR || /[\0\n\r]/.test(selector)) continue;
    if (typeof field !== 'string' || !(TAUGHT_FIELDS as readonly string[]).includes(field)) continue;
    const rule: StoredSiteRule = { origin, selector, field: field as TaughtField };
    if (typeof o['label'] === 'string' && o['label'].trim() !== '') rule.label = o['label'].trim().slice(0, MAX_LABEL);
    out.push(rule);
  }
  return out;
}

/** Policy first (it wins), then the person's rules for selectors policy does not name. */
export function mergeRules(user: StoredSiteRule[], managed: StoredSiteRule[]): EffectiveSiteRule[] {
  const key = (r: StoredSiteRule) => `${r.origin} ${r.selector}`;
  const fixed = new Set(managed.map(key));
  const own = user.filter((r) => !fixed.has(key(r))).map((r) => ({ ...r, managed: false }));
  return [...managed.map((r) => ({ ...r, managed: true })), ...own];
}

export async function loadSiteRules(): Promise<EffectiveSiteRule[]> {
  const local = await browser.storage.local.get(SITE_RULES_KEY);
  let managed: unknown = [];
  try {
    managed = (await browser.storage.managed.get(SITE_RULES_KEY))[SITE_RULES_KEY];
  } catch {
    // No policy (or no managed storage in this browser).
  }
  return mergeRules(sanitiseRules(local[SITE_RULES_KEY]), sanitiseRules(managed));
}

async function userRules(): Promise<StoredSiteRule[]> {
  return sanitiseRules((await browser.storage.local.get(SITE_RULES_KEY))[SITE_RULES_KEY]);
}

/** Add or replace the person's rule for this origin and selector. */
export async function saveSiteRule(rule: StoredSiteRule): Promise<void> {
  const [clean] = sanitiseRules([rule]);
  if (!clean) throw new Error('invalid site rule');
  const rules = (await userRules()).filter((r) => !(r.origin === clean.origin && r.selector === clean.selector));
  await browser.storage.local.set({ [SITE_RULES_KEY]: [...rules, clean].slice(-MAX_RULES) });
}

export async function removeSiteRule(origin: string, selector: string): Promise<void> {
  const rules = (await userRules()).filter((r) => !(r.origin === origin && r.selector === selector));
  await browser.storage.local.set({ [SITE_RULES_KEY]: rules });
}

/** The engine's rules for one page: that origin's rules only. */
export function rulesForOrigin(rules: readonly StoredSiteRule[], origin: string): SiteRule[] {
  return rules.filter((r) => r.origin === origin).map(({ selector, field }) => ({ selector, field }));
}
