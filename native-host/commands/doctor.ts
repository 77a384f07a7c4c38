/**
 * `cardfill-host doctor` (docs/architecture.md §4): which browsers have CardFill registered, whether each
 * registration starts a host of the right version, whether a reader answers, the last error,
 * and what to do about each problem — in words (English and Chinese), or `--json` for the
 * options page. Read-only: doctor never changes anything.
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { CardFillError, toErrorInfo, type ErrorCode } from '../../src/errors';
import { ERROR_WORDS } from '../../src/protocol/error-words';
import { runCommand, type CommandResult } from '../install/execute';
import { DEV_CHROME_ID, FIREFOX_ID, RELEASE_CHROME_IDS } from '../install/ids';
import { compareVersions, inspectManifest, parseVersion, problem, type HostFileFacts, type Problem } from '../install/inspect';
import {
  BROWSER_NAMES,
  MANIFEST_FILE,
  SANDBOXED_BROWSER_DIRS,
  flavourOf,
  lastErrorPath,
  manifestDir,
  pathApi,
  profileManifestDir,
  registryKey,
  targetOsOf,
  type ManifestFlavour,
  type TargetOs,
} from '../install/locations';
import { classifyExtensionIds } from '../install/manifest';
import { parseCliOptions } from '../install/options';
import { resolveTargets, type Target } from '../install/plan';
import type { ReaderInfo } from '../readers/types';
import type { UsbReaderListing } from '../readers/usb';
import type { ServiceFinding } from '../readers/service/index';
import { HOST_VERSION } from '../version';
import { UDEV_RULES_DIR, UDEV_RULES_DIR_ENV, UDEV_RULES_FILE } from '../install/udev';
import { processIo, type CommandIo } from './install';

interface RegistrationReport {
  target: Target;
  name: string;
  /** The folder searched, or the registry key read on Windows. */
  where: string;
  /** Whether the browser has run for this user (its own files exist); null when unknown (Windows, --system). */
  browserPresent: boolean | null;
  found: boolean;
  manifestPath: string | null;
  hostPath: string | null;
  hostVersion: string | null;
  allowed: string[];
  problems: Problem[];
}

export interface UsbDeviceReport {
  /** VVVV:PPPP, upper-case hex. */
  id: string;
  name: string;
  /** A SAM-USB id CardFill reads (usb), or an unknown vendor-class device. */
  known: boolean;
  permission: 'ok' | 'denied' | 'unknown';
  /** The SPEC that reads it, or null for an unknown device. */
  spec: string | null;
}

export interface ServiceReport {
  name: string;
  label: string;
  spec: string;
  url: string;
  answers: boolean;
}

export interface ReaderReport {
  checked: boolean;
  readers: Array<{ spec: string; name: string }>;
  /** USB devices seen: known SAM-USB ids and unknown vendor-class devices. */
  usb: UsbDeviceReport[];
  /** The vendors' local reader services at their default addresses. */
  services: ServiceReport[];
  /** The reader `auto` would use now (the first of `readers`), or null. */
  auto: { spec: string; name: string } | null;
  /** Linux: whether CardFill's udev rule for USB readers is installed; null elsewhere. */
  udevRule: boolean | null;
  problems: Problem[];
}

export interface DoctorReport {
  ok: boolean;
  version: string;
  os: TargetOs;
  registrations: RegistrationReport[];
  readers: ReaderReport;
  /** Only a code and a time: the host never records anything else (native-host/state.ts). */
  lastError: { code: string; at: string; en: string; zh: string } | null;
  problems: Problem[];
}

export interface DoctorIo extends CommandIo {
  /** The version this doctor belongs to; registrations are compared with it. */
  expectedVersion?: string;
  /** Reader discovery; by default native-host/readers/index.ts `discoverReaders`, when present. */
  discoverReaders?: () => Promise<ReaderInfo[]>;
  /** USB listing; by default native-host/readers/usb.ts `listUsbReaders`. */
  listUsb?: () => Promise<UsbReaderListing[]>;
  /** Service probe; by default native-host/readers/service/index.ts `findServices`. */
  findServices?: () => Promise<ServiceFinding[]>;
}

const VERSION_TIMEOUT_MS = 10_000;
const READER_TIMEOUT_MS = 10_000;

function hostFacts(os: TargetOs) {
  return (path: string): HostFileFacts => {
    try {
      if (!statSync(path).isFile()) return { exists: false, executable: false };
    } catch {
      return { exists: false, executable: false };
    }
    if (os === 'win32') return { exists: true, executable: true };
    try {
      accessSync(path, constants.X_OK);
      return { exists: true, executable: true };
    } catch {
      return { exists: true, executable: false };
    }
  };
}

/** Start the registered program the way a browser would, but with `--version`. */
async function askVersion(io: DoctorIo, os: TargetOs, hostPath: string): Promise<{ version: string | null; problem: Problem | null }> {
  const run = io.run ?? ((argv: readonly string[]) => runCommand(argv, VERSION_TIMEOUT_MS));
  // Chrome starts Windows hosts through cmd.exe too (.bat launchers need it).
  const argv = os === 'win32' ? ['cmd.exe', '/d', '/c', hostPath, '--version'] : [hostPath, '--version'];
  const result: CommandResult = await run(argv);
  const version = result.code === 0 ? parseVersion(result.stdout) : null;
  if (version) return { version, problem: null };
  const detail = (result.stderr || result.stdout).trim().split(/\r?\n/)[0]?.slice(0, 200) ?? '';
  return {
    version: null,
    problem: problem(
      'HOST_DOES_NOT_START',
      'error',
      {
        en: `${hostPath} did not start the CardFill host${detail ? `: ${detail}` : ''}.`,
        zh: `${hostPath} 无法启动 CardFill 本地程序${detail ? `：${detail}` : ''}。`,
      },
      {
        en: 'Node.js or the host file may have moved: run "cardfill-host install" again from the installed CardFill.',
        zh: 'Node.js 或主机文件可能已移动：请在已安装的 CardFill 中重新运行 "cardfill-host install"。',
      },
    ),
  };
}

interface Place {
  target: Target;
  flavour: ManifestFlavour;
  where: string;
  /** Linux/macOS/profile: the manifest file to read. Windows: null until the registry is read. */
  manifestPath: string | null;
  registryKey: string | null;
  browserPresent: boolean | null;
}

/**
 * A file the browser itself writes once it has run, so `install` creating NativeMessagingHosts/
 * does not make a browser look installed: Chromium-family browsers keep "Local State" in the
 * user-data folder that holds NativeMessagingHosts/; Firefox keeps its profiles in ~/.mozilla/firefox
 * (Linux) or ~/Library/Application Support/Firefox (macOS).
 */
function browserMarker(browser: Exclude<Target, 'profile'>, os: TargetOs, home: string, hostsDir: string): string {
  const p = pathApi(os);
  if (browser !== 'firefox') return p.join(p.dirname(hostsDir), 'Local State');
  return os === 'darwin' ? p.join(home, 'Library', 'Application Support', 'Firefox') : p.join(home, '.mozilla', 'firefox');
}

function placesToLook(io: DoctorIo, os: TargetOs, opts: { browsers: Target[]; system: boolean; profileDir: string | undefined }): Place[] {
  const p = pathApi(os);
  const ctx = { os, home: io.home, env: io.env, system: opts.system };
  if (opts.profileDir !== undefined) {
    const dir = profileManifestDir(os, opts.profileDir);
    return [
      {
        target: 'profile',
        flavour: 'chrome',
        where: dir,
        manifestPath: p.join(dir, MANIFEST_FILE),
        registryKey: null,
        browserPresent: existsSync(opts.profileDir),
      },
    ];
  }
  return opts.browsers.map((target) => {
    const browser = target as Exclude<Target, 'profile'>;
    if (os === 'win32') {
      const key = registryKey(browser, opts.system);
      return { target, flavour: flavourOf(browser), where: key, manifestPath: null, registryKey: key, browserPresent: null };
    }
    const dir = manifestDir(browser, ctx);
    return {
      target,
      flavour: flavourOf(browser),
      where: dir,
      manifestPath: p.join(dir, MANIFEST_FILE),
      registryKey: null,
      browserPresent: opts.system ? null : existsSync(browserMarker(browser, os, io.home, dir)),
    };
  });
}

async function inspectPlace(
  io: DoctorIo,
  os: TargetOs,
  place: Place,
  knownIds: string[],
  expectedVersion: string,
  versions: Map<string, Promise<{ version: string | null; problem: Problem | null }>>,
): Promise<RegistrationReport> {
  const report: RegistrationReport = {
    target: place.target,
    name: place.target === 'profile' ? 'Chromium profile' : BROWSER_NAMES[place.target],
    where: place.where,
    browserPresent: place.browserPresent,
    found: false,
    manifestPath: place.manifestPath,
    hostPath: null,
    hostVersion: null,
    allowed: [],
    problems: [],
  };
  if (place.registryKey) {
    const run = io.run ?? runCommand;
    const r = await run(['reg', 'query', place.registryKey, '/ve']);
    const value = r.code === 0 ? /REG_(?:EXPAND_)?SZ\s+(.*?)\s*$/m.exec(r.stdout)?.[1] : undefined;
    if (!value) return report;
    report.manifestPath = value;
  }
  let text: string;
  try {
    text = readFileSync(report.manifestPath!, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      if (place.registryKey) {
        report.found = true;
        report.problems.push(
          problem(
            'REGISTRY_POINTS_NOWHERE',
            'error',
            {
              en: `The registry key points at ${report.manifestPath}, which does not exist.`,
              zh: `注册表项指向的 ${report.manifestPath} 不存在。`,
            },
            { en: 'Run "cardfill-host install" again.', zh: '请重新运行 "cardfill-host install"。' },
          ),
        );
      }
      return report;
    }
    report.found = true;
    report.problems.push(
      problem(
        'MANIFEST_UNREADABLE',
        'error',
        { en: `${report.manifestPath} cannot be read.`, zh: `无法读取 ${report.manifestPath}。` },
        { en: 'Check its permissions, or run "cardfill-host install" again.', zh: '请检查文件权限，或重新运行 "cardfill-host install"。' },
      ),
    );
    return report;
  }
  report.found = true;
  const check = inspectManifest(text, {
    os,
    flavour: place.flavour,
    manifestPath: report.manifestPath!,
    knownIds,
    hostFacts: hostFacts(os),
  });
  report.allowed = check.allowed;
  report.problems.push(...check.problems);
  const startable = check.hostPath && !check.problems.some((p) => p.code === 'HOST_NOT_EXECUTABLE');
  if (startable) {
    report.hostPath = check.hostPath;
    let pending = versions.get(check.hostPath!);
    if (!pending) versions.set(check.hostPath!, (pending = askVersion(io, os, check.hostPath!)));
    const asked = await pending;
    report.hostVersion = asked.version;
    if (asked.problem) report.problems.push(asked.problem);
    const mismatch = asked.version ? compareVersions(asked.version, expectedVersion) : null;
    if (mismatch) report.problems.push(mismatch);
  }
  return report;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new CardFillError('TIMEOUT', `No answer within ${ms / 1000} s`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}

/** The default discovery: the reader module (and its native addons) is loaded only now. */
async function defaultDiscover(): Promise<ReaderInfo[]> {
  const { discoverReaders } = await import('../readers/index');
  return discoverReaders();
}

async function defaultListUsb(): Promise<UsbReaderListing[]> {
  const { listUsbReaders } = await import('../readers/usb');
  return listUsbReaders();
}

async function defaultFindServices(): Promise<ServiceFinding[]> {
  const { findServices } = await import('../readers/service/index');
  return findServices();
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

/** What a person can do when no reader answers, per OS: the driver, the udev rule, the 32-bit library, the service. */
export function noReaderRemedy(os: TargetOs, udevRule: boolean | null = null): { en: string; zh: string } {
  if (os === 'linux' && udevRule === true) {
    return {
      en: 'Plug the reader in by USB (CardFill\'s udev rule for SAM-USB readers is installed; unplug and plug the reader in again if it was connected before the rule). A serial reader needs your user in the "dialout" group. A reader that only works through its vendor\'s service needs that service running.',
      zh: '请通过 USB 连接读卡器（SAM-USB 读卡器的 udev 规则已安装；如果读卡器在安装规则前已连接，请重新插拔）。串口读卡器需要当前用户加入 "dialout" 组。只能通过厂商服务使用的读卡器，需要该服务正在运行。',
    };
  }
  if (os === 'linux') {
    return {
      en: 'Plug the reader in by USB. A SAM-USB desk reader (0400:C35A and kin) needs no driver, only the udev rule: run "sudo cardfill-host install --system" once, then unplug and plug the reader in again. A serial reader needs your user in the "dialout" group. A reader that only works through its vendor\'s service needs that service running.',
      zh: '请通过 USB 连接读卡器。SAM-USB 台式读卡器（0400:C35A 等）无需驱动，只需 udev 规则：运行一次 "sudo cardfill-host install --system"，然后重新插拔读卡器。串口读卡器需要当前用户加入 "dialout" 组。只能通过厂商服务使用的读卡器，需要该服务正在运行。',
    };
  }
  if (os === 'win32') {
    return {
      en: "Plug the reader in by USB and install its vendor driver. On Windows the reader is read through the vendor's sdtapi library (cardfill-host install --reader sdtapi:C:\\path\\sdtapi.dll); a 32-bit library is loaded in CardFill's 32-bit helper, so it need not match your Node. Or start the vendor's reader service (德卡, 新中新, 华视, 东信) and choose it.",
      zh: '请通过 USB 连接读卡器并安装厂商驱动。在 Windows 上通过厂商的 sdtapi 动态库读卡（cardfill-host install --reader sdtapi:C:\\路径\\sdtapi.dll）；32 位动态库由 CardFill 的 32 位辅助程序加载，无需与 Node 位数一致。也可以启动厂商的读卡服务（德卡、新中新、华视、东信）并选择它。',
    };
  }
  return {
    en: 'Plug the reader in by USB. A SAM-USB desk reader needs no driver on macOS; check that no other program holds it, then unplug and plug it in again. A serial reader can be named with --reader serial:PATH.',
    zh: '请通过 USB 连接读卡器。SAM-USB 台式读卡器在 macOS 上无需驱动；请确认没有其他程序占用它，然后重新插拔。串口读卡器可用 --reader serial:路径 指定。',
  };
}

function usbPermissionRemedy(os: TargetOs): { en: string; zh: string } {
  if (os === 'linux') {
    return {
      en: 'Install the udev rule that lets the person at the desk use the reader: run "sudo cardfill-host install --system" once, then unplug and plug the reader in again.',
      zh: '请安装允许当前用户使用读卡器的 udev 规则：运行一次 "sudo cardfill-host install --system"，然后重新插拔读卡器。',
    };
  }
  if (os === 'win32') {
    return {
      en: "On Windows the reader belongs to its vendor driver; read it through the vendor library instead (--reader sdtapi:LIBRARY) or the vendor's reader service.",
      zh: '在 Windows 上读卡器由厂商驱动占用；请改用厂商动态库（--reader sdtapi:动态库）或厂商读卡服务。',
    };
  }
  return {
    en: 'Close any other program that uses the reader, then unplug and plug it in again.',
    zh: '请关闭其他正在使用读卡器的程序，然后重新插拔。',
  };
}

async function settle<T>(task: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await withTimeout(task(), READER_TIMEOUT_MS);
  } catch {
    return fallback;
  }
}

function udevRuleInstalled(io: DoctorIo, os: TargetOs): boolean | null {
  if (os !== 'linux') return null;
  return existsSync(pathApi(os).join(io.env[UDEV_RULES_DIR_ENV] ?? UDEV_RULES_DIR, UDEV_RULES_FILE));
}

async function checkReaders(io: DoctorIo, os: TargetOs): Promise<ReaderReport> {
  const udevRule = udevRuleInstalled(io, os);
  // The USB listing and the service probe run beside discovery; each is bounded on its own.
  const usbListing = settle(io.listUsb ?? defaultListUsb, [] as UsbReaderListing[]);
  const serviceFindings = settle(io.findServices ?? defaultFindServices, [] as ServiceFinding[]);
  let found: ReaderInfo[];
  try {
    found = await withTimeout((io.discoverReaders ?? defaultDiscover)(), READER_TIMEOUT_MS);
  } catch (e) {
    const info = e instanceof CardFillError ? e.toJSON() : null;
    return {
      checked: false,
      readers: [],
      usb: usbReports(await usbListing),
      services: serviceReports(await serviceFindings),
      auto: null,
      udevRule,
      problems: [
        problem(
          'READER_CHECK_FAILED',
          'warning',
          {
            en: `Could not look for readers${info ? `: ${info.code} ${info.message}` : ''}.`,
            zh: `无法查找读卡器${info ? `：${info.code}` : ''}。`,
          },
          { en: 'Try "cardfill-host read" to test the reader directly.', zh: '请运行 "cardfill-host read" 直接测试读卡器。' },
        ),
      ],
    };
  }
  const readers = found.map((r) => ({ spec: r.spec, name: r.name }));
  const usb = usbReports(await usbListing);
  const services = serviceReports(await serviceFindings);
  const problems: Problem[] = [];
  for (const d of usb) {
    if (d.known && d.permission === 'denied') {
      problems.push(
        problem(
          'USB_NO_PERMISSION',
          'warning',
          {
            en: `The reader ${d.name} (USB ${d.id}) is connected, but this user may not open it.`,
            zh: `读卡器 ${d.name}（USB ${d.id}）已连接，但当前用户无权打开它。`,
          },
          usbPermissionRemedy(os),
        ),
      );
    } else if (!d.known && readers.length === 0) {
      problems.push(
        problem(
          'USB_UNKNOWN_DEVICE',
          'warning',
          {
            en: `A vendor-specific USB device ${d.id} (${d.name}) is connected; it is not a reader id CardFill knows, so "auto" does not use it.`,
            zh: `已连接厂商自定义 USB 设备 ${d.id}（${d.name}），它不是 CardFill 已知的读卡器，"auto" 不会使用它。`,
          },
          {
            en: `If it is your ID-card reader, try "cardfill-host probe --reader usb:${d.id}" and attach the output to a bug report (it holds no card data).`,
            zh: `如果它是您的身份证读卡器，请运行 "cardfill-host probe --reader usb:${d.id}"，并把输出附在问题报告中（其中不含证件数据）。`,
          },
        ),
      );
    }
  }
  if (readers.length === 0)
    problems.push(
      problem('NO_READER', 'warning', { en: ERROR_WORDS.NO_READER.en, zh: ERROR_WORDS.NO_READER.zh }, noReaderRemedy(os, udevRule)),
    );
  return { checked: true, readers, usb, services, auto: readers[0] ?? null, udevRule, problems };
}

function usbReports(listing: UsbReaderListing[]): UsbDeviceReport[] {
  return listing.map((d) => {
    const id = `${hex4(d.vendorId)}:${hex4(d.productId)}`;
    return { id, name: d.name, known: d.known, permission: d.permission, spec: d.known ? `usb:${id.toLowerCase()}` : null };
  });
}

function serviceReports(findings: ServiceFinding[]): ServiceReport[] {
  return findings.map((f) => ({ name: f.vendor.name, label: f.vendor.label, spec: f.spec, url: f.url, answers: f.answers }));
}

function readLastError(os: TargetOs, io: DoctorIo): DoctorReport['lastError'] {
  try {
    const raw = JSON.parse(readFileSync(lastErrorPath(os, io.home, io.env), 'utf8')) as Record<string, unknown>;
    const code = raw['code'];
    const at = raw['at'];
    // Only a known-looking code and a timestamp are shown, whatever else the file might hold.
    if (typeof code !== 'string' || !/^[A-Z_]{2,40}$/.test(code) || typeof at !== 'string' || at.length > 40) return null;
    const words = ERROR_WORDS[code as ErrorCode];
    return { code, at, en: words ? `${words.en} ${words.remedyEn}` : code, zh: words ? `${words.zh}${words.remedyZh}` : code };
  } catch {
    return null;
  }
}

export async function doctor(argv: string[], io: DoctorIo): Promise<{ report: DoctorReport; json: boolean }> {
  const os = targetOsOf(io.platform);
  const opts = parseCliOptions(argv, ['browser', 'extension-id', 'system', 'profile', 'json', 'help']);
  const { browsers, profile } = resolveTargets({
    os,
    home: io.home,
    env: io.env,
    browsers: opts.browsers,
    system: opts.system,
    profileDir: opts.profileDir,
  });
  const extra = classifyExtensionIds(opts.extensionIds);
  const knownIds = [...new Set([DEV_CHROME_ID, ...RELEASE_CHROME_IDS, FIREFOX_ID, ...extra.chrome, ...extra.firefox])];
  const expectedVersion = io.expectedVersion ?? HOST_VERSION;
  const places = placesToLook(io, os, { browsers: profile ? ['profile'] : browsers, system: opts.system, profileDir: opts.profileDir });
  const versions = new Map<string, Promise<{ version: string | null; problem: Problem | null }>>();
  const registrations = await Promise.all(places.map((place) => inspectPlace(io, os, place, knownIds, expectedVersion, versions)));

  for (const r of registrations) {
    if (!r.found && r.browserPresent) {
      const flag = r.target === 'profile' ? `--profile '${opts.profileDir}'` : `--browser ${r.target}`;
      r.problems.push(
        problem(
          'NOT_REGISTERED',
          'warning',
          { en: `${r.name} is installed, but CardFill is not registered for it.`, zh: `已安装 ${r.name}，但尚未为其注册 CardFill。` },
          { en: `Run "cardfill-host install ${flag}".`, zh: `请运行 "cardfill-host install ${flag}"。` },
        ),
      );
    }
  }
  const problems: Problem[] = [];
  if (!registrations.some((r) => r.found)) {
    problems.push(
      problem(
        'NO_REGISTRATION',
        'error',
        {
          en: 'CardFill is not registered with any browser, so the extension cannot reach the card reader.',
          zh: 'CardFill 尚未在任何浏览器中注册，扩展无法连接读卡器。',
        },
        { en: 'Run "cardfill-host install".', zh: '请运行 "cardfill-host install"。' },
      ),
    );
  }
  if (os === 'linux' && !opts.system && !profile) {
    const sandboxed = SANDBOXED_BROWSER_DIRS.filter((b) => existsSync(pathApi(os).join(io.home, b.dir))).map((b) => b.name);
    if (sandboxed.length > 0) {
      problems.push(
        problem(
          'SANDBOXED_BROWSER',
          'warning',
          {
            en: `Sandboxed browsers found: ${sandboxed.join(', ')}. They may not be able to start the CardFill host.`,
            zh: `发现沙盒化的浏览器：${sandboxed.join('、')}。它们可能无法启动 CardFill 本地程序。`,
          },
          {
            en: "If CardFill cannot reach the reader there, use the browser's .deb/.rpm package instead.",
            zh: '如果在其中无法连接读卡器，请改用该浏览器的 .deb/.rpm 安装包。',
          },
        ),
      );
    }
  }
  const readers = await checkReaders(io, os);
  const all = [...problems, ...registrations.flatMap((r) => r.problems), ...readers.problems];
  const report: DoctorReport = {
    ok: !all.some((p) => p.severity === 'error'),
    version: expectedVersion,
    os,
    registrations,
    readers,
    lastError: readLastError(os, io),
    problems,
  };
  return { report, json: opts.json };
}

function printProblem(out: (t: string) => void, p: Problem, indent: string): void {
  const mark = p.severity === 'error' ? '✗' : '!';
  out(`${indent}${mark} ${p.message.en}\n${indent}  ${p.message.zh}\n`);
  out(`${indent}  What to do: ${p.fix.en}\n${indent}  解决办法：${p.fix.zh}\n`);
}

function formatReport(report: DoctorReport): string {
  let text = '';
  const out = (t: string) => void (text += t);
  out(`CardFill doctor — host ${report.version} (${report.os})\nCardFill 诊断 — 本地程序 ${report.version}\n\n`);
  out('Browsers / 浏览器\n');
  for (const r of report.registrations) {
    if (!r.found) {
      const present =
        r.browserPresent === null
          ? ''
          : r.browserPresent
            ? ' (the browser is installed / 浏览器已安装)'
            : ' (browser not found / 未发现该浏览器)';
      out(`  · ${r.name}: not registered / 未注册${present}\n`);
    } else {
      const errors = r.problems.filter((p) => p.severity === 'error').length;
      const version = r.hostVersion ? `, host ${r.hostVersion}` : '';
      out(`  ${errors ? '✗' : '✓'} ${r.name}: registered${version} / 已注册 — ${r.manifestPath}\n`);
    }
    for (const p of r.problems) printProblem(out, p, '      ');
  }
  for (const p of report.problems) printProblem(out, p, '  ');
  out('\nReaders / 读卡器\n');
  for (const reader of report.readers.readers) out(`  ✓ ${reader.name} (${reader.spec})\n`);
  const auto = report.readers.auto;
  out(
    auto
      ? `  "auto" would use / "auto" 将使用: ${auto.name} (${auto.spec})\n`
      : `  "auto" would find no reader now / "auto" 目前找不到读卡器\n`,
  );
  out('  USB devices / USB 设备:\n');
  if (report.readers.usb.length === 0) out('    · none that could be a reader / 未发现可能的读卡器\n');
  for (const d of report.readers.usb) {
    const state = !d.known
      ? 'unknown vendor-class device / 未知的厂商自定义设备'
      : d.permission === 'denied'
        ? 'no permission / 无权限'
        : d.permission === 'ok'
          ? 'can be opened / 可以打开'
          : 'known reader / 已知读卡器';
    out(`    ${d.known && d.permission !== 'denied' ? '✓' : '!'} ${d.id} ${d.name} — ${state}${d.spec ? ` (${d.spec})` : ''}\n`);
  }
  out('  Reader services on this computer / 本机读卡服务:\n');
  for (const svc of report.readers.services) {
    out(
      svc.answers
        ? `    ✓ ${svc.label} answers at ${svc.url} / 正在运行 (${svc.spec})\n`
        : `    · ${svc.label}: not running at ${svc.url} / 未运行\n`,
    );
  }
  for (const p of report.readers.problems) printProblem(out, p, '  ');
  out('\nLast error / 最近的错误\n');
  out(
    report.lastError
      ? `  ${report.lastError.code} at ${report.lastError.at}: ${report.lastError.en}\n  ${report.lastError.zh}\n`
      : '  none recorded / 无记录\n',
  );
  const count = [...report.problems, ...report.registrations.flatMap((r) => r.problems), ...report.readers.problems].filter(
    (p) => p.severity === 'error',
  ).length;
  out(
    report.ok
      ? '\nAll good: the browser can start the CardFill host. / 一切正常：浏览器可以启动 CardFill 本地程序。\n'
      : `\n${count} problem(s) to fix, see "What to do" above. / 有 ${count} 个问题需要解决，见上方"解决办法"。\n`,
  );
  return text;
}

/** Exit code 0 when the browser can start the host, 1 when something must be fixed, 2 for bad options. */
export async function runDoctor(argv: string[], io: DoctorIo = processIo()): Promise<number> {
  let result: { report: DoctorReport; json: boolean };
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.out('Usage: cardfill-host doctor [--json] [--browser B[,B…]] [--extension-id ID] [--profile DIR] [--system]\n');
      return 0;
    }
    result = await doctor(argv, io);
  } catch (e) {
    io.err(
      `${toErrorInfo(e).message}\nUsage: cardfill-host doctor [--json] [--browser B[,B…]] [--extension-id ID] [--profile DIR] [--system]\n`,
    );
    return 2;
  }
  io.out(result.json ? `${JSON.stringify(result.report, null, 2)}\n` : formatReport(result.report));
  return result.report.ok ? 0 : 1;
}
