/** Settings: policy wins and is reported as locked; bad values are dropped key by key. */
import { describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fakes')).fakeBrowser }));

import { SITE_HOSTS } from '../../src/sites/index';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  mergeSettings,
  normaliseSite,
  requestReader,
  sanitiseSettings,
  saveSettings,
  siteAllowed,
} from '../../extension/shared/settings';
import { resetFakes, storage } from './fakes';

describe('settings', () => {
  it('defaults allow the four target sites, clear after 2 minutes and after a fill', () => {
    // The site registry's hosts (src/sites/index.ts), nothing else.
    expect(DEFAULT_SETTINGS.siteAllowList).toEqual([...SITE_HOSTS]);
    expect(DEFAULT_SETTINGS.siteAllowList).toEqual(expect.arrayContaining(['122.gov.cn', '12306.cn', 'chinatax.gov.cn', 'gjzwfw.gov.cn']));
    expect(DEFAULT_SETTINGS.clearAfterSeconds).toBe(120);
    expect(DEFAULT_SETTINGS.clearAfterFill).toBe(true);
  });

  it("managed values win over the user's and are listed as locked", async () => {
    resetFakes(
      { staffMode: false, clearAfterSeconds: 300, siteAllowList: ['example.com'] },
      { staffMode: true, siteAllowList: ['hotel.example.cn'] },
    );
    const s = await loadSettings();
    expect(s.staffMode).toBe(true);
    expect(s.siteAllowList).toEqual(['hotel.example.cn']);
    expect(s.clearAfterSeconds).toBe(300);
    expect(s.locked.sort()).toEqual(['siteAllowList', 'staffMode']);
  });

  it('a policy value of the wrong type is ignored, not obeyed and not locked', async () => {
    resetFakes({}, { staffMode: 'yes', clearAfterSeconds: '60', siteAllowList: 'a.cn', reader: 42 });
    const s = await loadSettings();
    expect(s.locked).toEqual([]);
    expect(s.staffMode).toBe(false);
  });

  it('saving merges into the stored choices', async () => {
    resetFakes({ language: 'zh_CN' });
    await saveSettings({ staffMode: true });
    expect(storage.local['settings']).toEqual({ language: 'zh_CN', staffMode: true });
  });

  it('clamps the timeout to 1 s … 1 h and normalises the site list', () => {
    expect(sanitiseSettings({ clearAfterSeconds: 0.2 }).clearAfterSeconds).toBe(1);
    expect(sanitiseSettings({ clearAfterSeconds: 99999 }).clearAfterSeconds).toBe(3600);
    expect(sanitiseSettings({ siteAllowList: ['HTTPS://Kyfw.12306.cn/otn/', '*.a.cn', 'not a host', 3] }).siteAllowList).toEqual([
      'kyfw.12306.cn',
      'a.cn',
    ]);
    expect(sanitiseSettings({ reader: 'auto' }).reader).toBeNull();
    expect(mergeSettings({}, {}).locked).toEqual([]);
  });

  it('site names: host names only; a site allows its subdomains', () => {
    expect(normaliseSite('etax.chinatax.gov.cn')).toBe('etax.chinatax.gov.cn');
    expect(normaliseSite('https://www.122.gov.cn:443/x')).toBe('www.122.gov.cn');
    expect(normaliseSite('javascript:alert(1)')).toBeNull();
    expect(normaliseSite('cn')).toBeNull();
    expect(siteAllowed('kyfw.12306.cn', ['12306.cn'])).toBe(true);
    expect(siteAllowed('evil12306.cn', ['12306.cn'])).toBe(false);
  });

  it('requests name the reader only where the host accepts it from a browser (not a vendor library)', () => {
    expect(requestReader(null)).toBeUndefined();
    expect(requestReader('sdtapi:/opt/r/libsdtapi.so#1001')).toBeUndefined();
    expect(requestReader('serial:/dev/ttyUSB0@9600')).toBe('serial:/dev/ttyUSB0@9600');
    expect(requestReader('sim:resident')).toBe('sim:resident');
  });
});
