/**
 * The Linux udev rule for SAM-USB readers: the shipped file is what the code writes, one uaccess
 * line per known id; `install --system` writes it (here into a scratch directory), a per-user
 * install says how to add it, `uninstall --system` removes it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installUdevRule, UDEV_RULES_DIR_ENV, UDEV_RULES_FILE, udevRulesText, uninstallUdevRule } from '../../native-host/install/udev';
import { KNOWN_SAM_USB_READERS } from '../../native-host/readers/usb';

describe('udev rule for USB readers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cardfill-udev-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const io = (out: string[]) => ({
    platform: 'linux' as const,
    env: { [UDEV_RULES_DIR_ENV]: dir },
    out: (t: string) => out.push(t),
    err: (t: string) => out.push(t),
  });

  it('the shipped file equals the generated rule, with a uaccess line for every known id', () => {
    const shipped = readFileSync(join(import.meta.dirname, '../../native-host/install', UDEV_RULES_FILE), 'utf8');
    expect(shipped).toBe(udevRulesText());
    const rules = shipped.split('\n').filter((l) => l.startsWith('SUBSYSTEM'));
    expect(rules).toHaveLength(KNOWN_SAM_USB_READERS.length);
    expect(rules[0]).toBe('SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ATTR{idVendor}=="0400", ATTR{idProduct}=="c35a", TAG+="uaccess"');
    // uaccess is applied by 73-seat-late.rules: the file must sort before it.
    expect(UDEV_RULES_FILE < '73').toBe(true);
  });

  it('a per-user install prints the remedy and writes nothing; --system writes the rule; uninstall --system removes it', () => {
    const out: string[] = [];
    expect(installUdevRule(io(out), false)).toBe(true);
    expect(existsSync(join(dir, UDEV_RULES_FILE))).toBe(false);
    expect(out.join('')).toMatch(/sudo cardfill-host install --system/);
    expect(installUdevRule(io(out), true)).toBe(true);
    expect(readFileSync(join(dir, UDEV_RULES_FILE), 'utf8')).toBe(udevRulesText());
    uninstallUdevRule(io(out), true);
    expect(existsSync(join(dir, UDEV_RULES_FILE))).toBe(false);
  });

  it('does nothing on other systems', () => {
    const out: string[] = [];
    expect(installUdevRule({ ...io(out), platform: 'darwin' }, true)).toBe(true);
    expect(out).toEqual([]);
  });
});
