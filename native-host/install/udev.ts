/**
 * The Linux udev rule that lets the person at the desk open SAM-USB readers without root: the
 * `uaccess` tag gives the logged-in seat user access to the device node (systemd-logind applies
 * it in 73-seat-late.rules, so the file's number must sort before 73). One line per known id of
 * native-host/readers/usb.ts; native-host/install/60-cardfill-readers.rules is this text, for
 * packages (a test keeps the two equal).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KNOWN_SAM_USB_READERS } from '../readers/usb';

export const UDEV_RULES_FILE = '60-cardfill-readers.rules';
export const UDEV_RULES_DIR = '/etc/udev/rules.d';
/** Test override for the directory (never set in production). */
export const UDEV_RULES_DIR_ENV = 'CARDFILL_UDEV_RULES_DIR';

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

export function udevRulesText(): string {
  const lines = [
    '# CardFill: let the logged-in user open SAM-USB ID-card readers without root (uaccess).',
    '# Written by "cardfill-host install --system" and by the CardFill packages; see docs/readers.md.',
    ...KNOWN_SAM_USB_READERS.map(
      (r) =>
        `# ${r.name} (${r.confidence})\nSUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ATTR{idVendor}=="${hex4(r.vendorId)}", ATTR{idProduct}=="${hex4(r.productId)}", TAG+="uaccess"`,
    ),
  ];
  return lines.join('\n') + '\n';
}

export interface UdevIo {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  out: (text: string) => void;
  err: (text: string) => void;
}

function rulesPath(env: UdevIo['env']): string {
  return join(env[UDEV_RULES_DIR_ENV] ?? UDEV_RULES_DIR, UDEV_RULES_FILE);
}

/** Words for a Linux user whose USB reader needs the rule. */
export function udevRemedy(): string {
  return `sudo cardfill-host install --system (or: sudo cp native-host/install/${UDEV_RULES_FILE} ${UDEV_RULES_DIR}/ && sudo udevadm control --reload-rules && sudo udevadm trigger), then plug the reader in again`;
}

/**
 * After install: on Linux, a system install writes the rule and asks udev to reload it; a per-user
 * install says how to add it. Returns false only when writing it failed (install still succeeded).
 */
export function installUdevRule(io: UdevIo, system: boolean): boolean {
  if (io.platform !== 'linux') return true;
  const path = rulesPath(io.env);
  if (!system) {
    if (!existsSync(path))
      io.out(
        `USB ID-card readers need a udev rule to be used without root: ${udevRemedy()}\nUSB 身份证阅读器需要 udev 规则才能免 root 使用：${udevRemedy()}\n`,
      );
    return true;
  }
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    const text = udevRulesText();
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) writeFileSync(path, text, { mode: 0o644 });
    io.out(`USB reader rule written: ${path}\n已写入 USB 阅读器规则：${path}\n`);
  } catch (e) {
    io.err(`The USB reader rule could not be written to ${path} (${(e as Error).message}). ${udevRemedy()}\n`);
    return false;
  }
  if (io.env[UDEV_RULES_DIR_ENV] === undefined) {
    spawnSync('udevadm', ['control', '--reload-rules'], { stdio: 'ignore' });
    spawnSync('udevadm', ['trigger', '--subsystem-match=usb'], { stdio: 'ignore' });
  }
  return true;
}

/** On `uninstall --system`: remove the rule. */
export function uninstallUdevRule(io: UdevIo, system: boolean): void {
  if (io.platform !== 'linux' || !system) return;
  const path = rulesPath(io.env);
  if (!existsSync(path)) return;
  try {
    rmSync(path);
    io.out(`USB reader rule removed: ${path}\n`);
  } catch (e) {
    io.err(`The USB reader rule ${path} could not be removed (${(e as Error).message})\n`);
  }
}
