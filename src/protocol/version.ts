/**
 * The host's version against the extension's, checked at hello (README "Install": both come from
 * one release). The protocol number decides whether they can talk at all (messages.ts
 * protocolCompatible); this decides whether the person should update one of them, and says how,
 * in English and Chinese. Pure: the background passes hello.version and the manifest's version.
 */

export type VersionVerdict = 'same' | 'compatible' | 'update-host' | 'update-extension' | 'unknown';

export interface VersionCheck {
  verdict: VersionVerdict;
  host: string;
  extension: string;
  /** A line for the popup, with the remedy; null when there is nothing to do. */
  words: { en: string; zh: string; remedyEn: string; remedyZh: string } | null;
}

interface Parsed {
  major: number;
  minor: number;
  patch: number;
  pre: string | null;
}

/** `1.2.3`, `v1.2.3`, `1.2.3-beta.1`; anything else is not a version. */
export function parseVersion(text: string): Parsed | null {
  const m = /^v?(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})(?:-([0-9A-Za-z.-]{1,40}))?(?:\+[0-9A-Za-z.-]{1,40})?$/.exec(
    text.trim(),
  );
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ?? null };
}

/** Negative when a < b (semver order, with a pre-release below its release; pre-releases compared as text). */
export function compareVersions(a: Parsed, b: Parsed): number {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return a[k] - b[k];
  if (a.pre === b.pre) return 0;
  if (a.pre === null) return 1;
  if (b.pre === null) return -1;
  return a.pre < b.pre ? -1 : 1;
}

/**
 * Same major.minor: the two were released together (a patch release changes one side only) →
 * nothing to do. Otherwise the older side is named with its remedy. It never blocks a read: the
 * protocol check does that when they cannot talk.
 */
export function checkVersions(hostVersion: string, extensionVersion: string): VersionCheck {
  const base = { host: hostVersion, extension: extensionVersion };
  const h = parseVersion(hostVersion);
  const e = parseVersion(extensionVersion);
  if (!h || !e) return { ...base, verdict: 'unknown', words: null };
  const order = compareVersions(h, e);
  if (order === 0) return { ...base, verdict: 'same', words: null };
  if (h.major === e.major && h.minor === e.minor) return { ...base, verdict: 'compatible', words: null };
  if (order < 0) {
    return {
      ...base,
      verdict: 'update-host',
      words: {
        en: `The CardFill program on this computer (${hostVersion}) is older than the extension (${extensionVersion}).`,
        zh: `本机的 CardFill 本地程序（${hostVersion}）比扩展（${extensionVersion}）旧。`,
        remedyEn: 'Download the latest CardFill installer, run it, then restart the browser.',
        remedyZh: '请下载最新的 CardFill 安装程序并运行，然后重新启动浏览器。',
      },
    };
  }
  return {
    ...base,
    verdict: 'update-extension',
    words: {
      en: `The CardFill extension (${extensionVersion}) is older than the program on this computer (${hostVersion}).`,
      zh: `CardFill 扩展（${extensionVersion}）比本机的本地程序（${hostVersion}）旧。`,
      remedyEn: 'Update the extension: open the browser’s extensions page and click “Update” (store extensions also update by themselves).',
      remedyZh: '请更新扩展：打开浏览器的扩展程序页面并点击“更新”（从商店安装的扩展也会自动更新）。',
    },
  };
}
