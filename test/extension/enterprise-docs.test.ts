/**
 * docs/enterprise.md is copied by IT staff: every policy example must use only keys of the
 * managed schema, with values the extension accepts (sanitiseSettings keeps all of them).
 */
import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';

vi.mock('webextension-polyfill', () => ({ default: {} }));

import { sanitiseSettings } from '../../extension/shared/settings';
import { sanitiseRules } from '../../extension/shared/site-rules';
import schema from '../../extension/public/managed-schema.json';

const ROOT = path.resolve(import.meta.dirname, '../..');
const doc = readFileSync(path.join(ROOT, 'docs/enterprise.md'), 'utf8');
const blocks = (lang: string) => [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
const schemaKeys = Object.keys(schema.properties).sort();

function expectValidPolicy(policy: Record<string, unknown>): void {
  expect(Object.keys(policy).filter((k) => !schemaKeys.includes(k))).toEqual([]);
  const { siteRules, ...settings } = policy;
  expect(Object.keys(sanitiseSettings(settings)).sort()).toEqual(Object.keys(settings).sort());
  expect(sanitiseSettings(settings).siteAllowList).toEqual(settings['siteAllowList']);
  // Every rule of an example is kept as written (none dropped as malformed).
  if (siteRules !== undefined) expect(sanitiseRules(siteRules)).toEqual(siteRules);
}

describe('docs/enterprise.md policy examples', () => {
  it('the JSON examples (Chrome/Edge on Linux, Firefox) use only schema keys with valid values', () => {
    const json = blocks('json').map((b) => JSON.parse(b) as Record<string, any>);
    expect(json).toHaveLength(2);
    expectValidPolicy(json[0]!['3rdparty'].extensions.EXTENSION_ID);
    expectValidPolicy(json[1]!.policies['3rdparty'].Extensions['cardfill@cardfill.cn']);
  });

  it('the table names every key of the managed schema', () => {
    for (const key of schemaKeys) expect(doc).toContain(`| \`${key}\` |`);
  });

  it('the Windows registry example sets schema keys only, lists as numbered values', () => {
    const [reg] = blocks('reg');
    const policy: Record<string, unknown> = {};
    let section = '';
    for (const line of reg!.split('\n')) {
      const head = /^\[(.*)\]$/.exec(line);
      if (head) {
        section = head[1]!;
        continue;
      }
      const m = /^"([^"]+)"=(?:dword:([0-9a-f]{8})|"(.*)")$/.exec(line);
      if (!m || !section.includes('\\3rdparty\\extensions\\EXTENSION_ID\\policy')) continue;
      const value = m[2] !== undefined ? parseInt(m[2], 16) : m[3]!.replace(/\\\\/g, '\\');
      const list = /\\policy\\(\w+)$/.exec(section);
      // A list of objects: one numbered subkey per item, named values inside (how Chrome maps registry to JSON).
      const item = /\\policy\\(\w+)\\(\d+)$/.exec(section);
      if (item) {
        const items = (policy[item[1]!] ??= []) as Record<string, unknown>[];
        (items[Number(item[2]) - 1] ??= {})[m[1]!] = value;
      } else if (list) ((policy[list[1]!] ??= []) as unknown[]).push(value);
      else policy[m[1]!] = ['clearAfterFill', 'staffMode'].includes(m[1]!) ? value === 1 : value;
    }
    expect(policy['clearAfterSeconds']).toBe(60);
    expect(policy['siteAllowList']).toContain('12306.cn');
    expectValidPolicy(policy);
  });

  it('the macOS profile sets schema keys only', () => {
    const [plist] = blocks('xml');
    const keys = [...plist!.matchAll(/<key>(\w+)<\/key>/g)].map((m) => m[1]!);
    // Top-level keys only (a siteRules item's own keys are origin/selector/field).
    const top = keys.filter((k) => !['origin', 'selector', 'field', 'label'].includes(k));
    expect(top.filter((k) => !schemaKeys.includes(k))).toEqual([]);
    expect(top.length).toBe(schemaKeys.length);
  });
});
