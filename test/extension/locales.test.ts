/**
 * Both languages carry every string: the locales have the same keys, the same
 * placeholders, no empty messages; every key the code asks for exists in English; the error
 * sentences match the host's own words (src/protocol/error-words.ts) so CLI and popup agree.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import en from '../../extension/public/_locales/en/messages.json';
import zh from '../../extension/public/_locales/zh_CN/messages.json';
import { ERROR_WORDS } from '../../src/protocol/error-words';
import { FATAL_CODES, LOCAL_CODES, RETRIABLE_CODES } from '../../src/errors';

type Catalogue = Record<string, { message: string }>;
const ROOT = path.resolve(import.meta.dirname, '../..');
const LOCALES: Record<string, Catalogue> = { en, zh_CN: zh };
const placeholders = (s: string) => [...new Set(s.match(/\$\d/g) ?? [])].sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'public' ? [] : sourceFiles(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

/** Keys the code names literally: t('key'), t(cond ? 'a' : 'b'), *_KEYS maps, okKey="…", error: 'key'. */
export function keysUsedIn(source: string): string[] {
  const keys = new Set<string>();
  for (const m of source.matchAll(/\bt\(([^(),]*(?:\([^()]*\)[^(),]*)*)[,)]/g)) {
    // In `t(cond ? 'a' : 'b')` only the branches are keys, not literals in the condition.
    const arg = m[1]!.includes('?') ? m[1]!.slice(m[1]!.indexOf('?')) : m[1]!;
    for (const lit of arg.matchAll(/'([A-Za-z][A-Za-z0-9_]*)'/g)) keys.add(lit[1]!);
  }
  for (const m of source.matchAll(/_KEYS[^=]*=\s*\{([^}]*)\}/g)) {
    for (const lit of m[1]!.matchAll(/:\s*'([A-Za-z][A-Za-z0-9_]*)'/g)) keys.add(lit[1]!);
  }
  for (const m of source.matchAll(/(?:okKey|badKey)="([A-Za-z0-9_]+)"/g)) keys.add(m[1]!);
  for (const m of source.matchAll(/\berror: '([A-Za-z][A-Za-z0-9_]*)'/g)) keys.add(m[1]!);
  return [...keys];
}

describe('locales', () => {
  it('en and zh_CN have exactly the same keys', () => {
    const missingInZh = Object.keys(en).filter((k) => !(k in zh));
    const missingInEn = Object.keys(zh).filter((k) => !(k in en));
    expect({ missingInZh, missingInEn }).toEqual({ missingInZh: [], missingInEn: [] });
  });

  it('every message is non-empty, has a valid key, and uses the same $n placeholders in both languages', () => {
    for (const [lang, catalogue] of Object.entries(LOCALES)) {
      for (const [key, entry] of Object.entries(catalogue)) {
        expect(key, `${lang}: key`).toMatch(/^[A-Za-z0-9_]+$/);
        expect(entry.message.trim(), `${lang}.${key}`).not.toBe('');
      }
    }
    for (const key of Object.keys(en)) {
      expect(placeholders((zh as Catalogue)[key]?.message ?? ''), key).toEqual(placeholders((en as Catalogue)[key]!.message));
    }
  });

  it('the Chinese catalogue is really Chinese (not English copied over)', () => {
    const same = Object.keys(en).filter(
      (k) => (en as Catalogue)[k]!.message === (zh as Catalogue)[k]?.message && /[a-z]{4}/.test((en as Catalogue)[k]!.message),
    );
    // Product names, commands and code names are the same in both languages.
    expect(same.filter((k) => !/^(extName|hostReady|readerCurrent)$/.test(k))).toEqual([]);
  });

  it('every key the extension code uses exists in English', () => {
    const files = sourceFiles(path.join(ROOT, 'extension'));
    const used = new Map<string, string>();
    for (const file of files) for (const key of keysUsedIn(readFileSync(file, 'utf8'))) used.set(key, path.relative(ROOT, file));
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter(([key]) => !(key in en)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  it('the scanner finds a key that is missing (so the check above can fail)', () => {
    const keys = keysUsedIn(
      "t('noSuchKey'); t(side === 'host' ? 'aKey' : 'bKey', 3); const X_KEYS = { a: 'cKey' }; <Check okKey=\"dKey\" />",
    );
    expect(keys.sort()).toEqual(['aKey', 'bKey', 'cKey', 'dKey', 'noSuchKey']);
  });

  it('keys built at run time exist: every error code, sex, reader kind and region', () => {
    const built = [
      ...[...RETRIABLE_CODES, ...FATAL_CODES, ...LOCAL_CODES].flatMap((c) => [`error_${c}`, `remedy_${c}`]),
      ...['male', 'female', 'unknown', 'unspecified'].map((s) => `sex_${s}`),
      ...['auto', 'serial', 'sdtapi', 'sim'].map((r) => `reader_${r}`),
      ...['HK', 'MO', 'TW'].map((r) => `region_${r}`),
    ];
    expect(built.filter((k) => !(k in en))).toEqual([]);
  });

  it("the manifest's __MSG_ names exist", () => {
    const manifest = readFileSync(path.join(ROOT, 'manifest.json'), 'utf8');
    const names = [...manifest.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(2);
    expect(names.filter((n) => !(n in en) || !(n in zh))).toEqual([]);
  });

  it("error sentences and remedies are the host's own words in both languages", () => {
    for (const [code, words] of Object.entries(ERROR_WORDS)) {
      expect((en as Catalogue)[`error_${code}`]?.message, code).toBe(words.en);
      expect((en as Catalogue)[`remedy_${code}`]?.message, code).toBe(words.remedyEn);
      expect((zh as Catalogue)[`error_${code}`]?.message, code).toBe(words.zh);
      expect((zh as Catalogue)[`remedy_${code}`]?.message, code).toBe(words.remedyZh);
    }
  });
});
