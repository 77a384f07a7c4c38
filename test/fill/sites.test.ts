import { describe, expect, it } from 'vitest';
import { siteProfileFor, SITE_HOSTS, SITE_HOST_PATTERNS, SITE_PROFILES } from '../../src/sites/index.js';
import { sitesModule } from '../../scripts/gen-sites.mjs';
import { COUNTRY_VALUES_12306, documentTypeFallback12306 } from '../../src/sites/12306-shared.js';
import { registration12306 } from '../../src/sites/12306-registration.js';
import { matchNationality } from '../../src/fill/format.js';
import { FOREIGN_2023, HMT_PERMIT, RESIDENT } from './cards.js';
import fs from 'node:fs';
import path from 'node:path';

const id = (u: string) => siteProfileFor(new URL(u))?.id ?? null;

describe('site profiles apply where their URL predicate says', () => {
  it.each([
    ['https://kyfw.12306.cn/otn/view/passenger_edit.html?type=add', '12306-passenger'],
    ['https://kyfw.12306.cn/otn/view/passenger_edit.html?type=edit', '12306-passenger'],
    ['https://kyfw.12306.cn/otn/regist/init', '12306-registration'],
    ['https://etax.chinatax.gov.cn/web/register.html', 'tax-registration'],
    ['https://shanghai.chinatax.gov.cn/x', 'tax-registration'],
    ['https://gab.122.gov.cn/m/login', '12123'],
    ['https://zc.gjzwfw.gov.cn/register.html', 'gov-service-platform'],
    ['https://kyfw.12306.cn/otn/view/passengers.html', null],
    ['http://kyfw.12306.cn/otn/regist/init', null],
    ['https://kyfw.12306.cn.evil.example/otn/regist/init', null],
    ['https://evil-chinatax.gov.cn.example/', null],
    ['https://example.com/otn/view/passenger_edit.html', null],
  ])('%s → %s', (url, want) => {
    expect(id(url)).toBe(want);
  });
});

describe('the site registry (src/sites/index.ts) is the one list of sites', () => {
  it('lists every profile file of src/sites/ (src/sites/all.ts is up to date: node scripts/gen-sites.mjs)', () => {
    expect(fs.readFileSync(path.resolve('src/sites/all.ts'), 'utf8')).toBe(sitesModule());
    const ids = SITE_PROFILES.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining(['12306-passenger', '12306-registration', 'tax-registration', '12123', 'gov-service-platform']),
    );
  });

  it.each(SITE_PROFILES.map((p) => [p.id, p] as const))(
    '%s names its hosts, a fixture page that exists and test URLs it matches',
    (_id, p) => {
      expect(p.hosts.length, 'hosts').toBeGreaterThan(0);
      for (const h of p.hosts) expect(h, 'a bare registrable host name').toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
      expect(p.fixture, 'fixture').toMatch(/^test\/fixtures\/pages\/.+\.html$/);
      expect(fs.existsSync(path.resolve(p.fixture)), p.fixture).toBe(true);
      expect(p.testUrls.length, 'test URLs').toBeGreaterThan(0);
      for (const u of p.testUrls) {
        const url = new URL(u);
        expect(siteProfileFor(url)?.id, u).toBe(p.id);
        expect(
          p.hosts.some((h) => url.hostname === h || url.hostname.endsWith(`.${h}`)),
          `${u} is under the profile's hosts`,
        ).toBe(true);
      }
    },
  );

  it('derives the default site list and the host permission patterns from the profiles', () => {
    expect(SITE_HOSTS).toEqual([...new Set(SITE_PROFILES.flatMap((p) => p.hosts))]);
    expect(SITE_HOST_PATTERNS).toEqual(SITE_HOSTS.map((h) => `https://*.${h}/*`));
    // The four target sites are among them (a new profile adds its own hosts without editing this test).
    expect(SITE_HOSTS).toEqual(expect.arrayContaining(['122.gov.cn', '12306.cn', 'chinatax.gov.cn', 'gjzwfw.gov.cn']));
  });
});

describe('12306 quirks', () => {
  it('maps Cabo Verde to the 12306 value KY when the option text names no country', () => {
    expect(COUNTRY_VALUES_12306.CV).toBe('KY');
    expect(
      matchNationality(
        FOREIGN_2023,
        [
          { value: 'KY', text: '' },
          { value: 'CV', text: '' },
        ],
        COUNTRY_VALUES_12306,
      )?.value,
    ).toBe('KY');
  });
  it('falls back to code 1 for a residence permit when the list has no K/P option', () => {
    expect(
      documentTypeFallback12306(HMT_PERMIT, [
        { value: '1', text: '中国居民身份证' },
        { value: 'C', text: '港澳居民来往内地通行证' },
      ])?.value,
    ).toBe('1');
    expect(documentTypeFallback12306(FOREIGN_2023, [{ value: '1', text: '中国居民身份证' }])).toBeNull();
  });
  it('registration: foreign and permit holders choose the 中国居民身份证 group (0), then a sub-choice', () => {
    const opts = [
      { value: '0', text: '中国居民身份证' },
      { value: 'C', text: '港澳居民来往内地通行证' },
      { value: 'B', text: '护照' },
    ];
    expect(registration12306.documentTypeFallback!(FOREIGN_2023, opts)?.value).toBe('0');
    expect(registration12306.documentTypeFallback!(HMT_PERMIT, opts)?.value).toBe('0');
    expect(registration12306.documentTypeFallback!(RESIDENT, opts)).toBeNull();
  });
});
