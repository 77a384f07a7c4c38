import { describe, expect, it } from 'vitest';
import { checkVersions, compareVersions, parseVersion } from '../../src/protocol/version';
import { HOST_VERSION } from '../../native-host/version';
import { readFileSync } from 'node:fs';

describe('host version against extension version at hello', () => {
  it('says nothing when both come from the same release or differ only in the patch', () => {
    expect(checkVersions('0.1.0', '0.1.0')).toMatchObject({ verdict: 'same', words: null });
    expect(checkVersions('1.4.2', '1.4.0')).toMatchObject({ verdict: 'compatible', words: null });
    expect(checkVersions('v2.0.1', '2.0.3')).toMatchObject({ verdict: 'compatible', words: null });
  });

  it('names an older host with the remedy, in English and Chinese', () => {
    const r = checkVersions('0.1.0', '0.2.0');
    expect(r.verdict).toBe('update-host');
    expect(r.words?.en).toContain('0.1.0');
    expect(r.words?.en).toContain('0.2.0');
    expect(r.words?.remedyEn).toMatch(/installer/);
    expect(r.words?.zh).toContain('本地程序');
    expect(r.words?.remedyZh).toMatch(/安装程序/);
    expect(checkVersions('1.9.9', '2.0.0').verdict).toBe('update-host');
  });

  it('names an older extension with the remedy', () => {
    const r = checkVersions('0.3.0', '0.2.5');
    expect(r.verdict).toBe('update-extension');
    expect(r.words?.remedyEn).toMatch(/Update/);
    expect(r.words?.remedyZh).toMatch(/更新/);
  });

  it('orders pre-releases below their release and refuses what is not a version', () => {
    expect(compareVersions(parseVersion('1.0.0-beta.1')!, parseVersion('1.0.0')!)).toBeLessThan(0);
    expect(checkVersions('1.0.0-beta.1', '1.0.0').verdict).toBe('compatible');
    expect(checkVersions('0.1.0-rc.1', '0.2.0').verdict).toBe('update-host');
    for (const bad of ['', 'latest', '1.2', '1.2.3.4', '01.2.3', '1.2.3-' + 'x'.repeat(60)]) {
      expect(parseVersion(bad)).toBeNull();
      expect(checkVersions(bad, '0.1.0')).toMatchObject({ verdict: 'unknown', words: null });
    }
  });

  it('the shipped host and extension of this tree agree', () => {
    const manifest = JSON.parse(readFileSync('manifest.json', 'utf8')) as { version: string };
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(manifest.version).toBe(pkg.version);
    // Under vitest the bundler's define is absent: the host reports its development version.
    expect(['0.0.0-dev', pkg.version]).toContain(HOST_VERSION);
  });
});
