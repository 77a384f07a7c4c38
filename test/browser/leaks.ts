/**
 * What the attack-page tests look for after a fill (attack-pages, attack-unseen): the synthetic resident card's
 * values in the forms a form might hold them, and a check that none of them reached anything the page can read.
 */
import { expect } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { decodeCardText } from '../../src/card/decode';
import { SYNTHETIC_CARDS } from '../../src/card/synthetic';

export const card = decodeCardText(SYNTHETIC_CARDS.resident.text, { today: '2026-01-15' });
type Values = Record<string, string>;

/** Every card value a thief would want, in the forms a form might hold them. */
export const SECRETS = [
  card.nameZh!,
  card.number,
  card.number.slice(0, 10),
  card.address!,
  card.address!.slice(0, 6),
  card.issuer!,
  card.birthDate,
  card.birthDate.replaceAll('-', ''),
  card.birthDate.replaceAll('-', '/'),
];

/** No secret anywhere the page can read: control values, the DOM, title, storage, its event log. */
export async function expectNoSecrets(f: Page | Frame, allowedIn: Values = {}): Promise<void> {
  const seen = await f.evaluate(() => {
    const w = window as unknown as { __values?(): Record<string, string>; __events?(): unknown[]; __leak?: unknown[] };
    let storage = '';
    try {
      storage = JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage });
    } catch {
      storage = '';
    }
    return {
      values: w.__values ? w.__values() : {},
      rest: [document.documentElement.outerHTML, document.title, window.name, storage, JSON.stringify(w.__leak ?? [])].join('\n'),
      events: JSON.stringify(w.__events ? w.__events() : []),
    };
  });
  for (const [name, value] of Object.entries(seen.values)) {
    if (name in allowedIn) expect(value, name).toBe(allowedIn[name]);
    else expect(value, `${name} holds a value`).toBe('');
  }
  for (const secret of SECRETS) {
    // Approved values may of course be read from the approved fields; nowhere else.
    if (Object.values(allowedIn).some((v) => v.includes(secret))) continue;
    expect(seen.rest, `"${secret}" in the page`).not.toContain(secret);
    expect(seen.events, `"${secret}" in an event the page saw`).not.toContain(secret);
  }
}
