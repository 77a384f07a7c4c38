/**
 * What can be wrong with an installed host manifest, checked the way the browser will use it.
 * The failures are the common field ones (docs/prior-art.md §A1 "typical field failures";
 * docs/tooling.md §3 failure table): wrong folder, relative path, missing exec bit, an
 * allowed_origins entry without its trailing slash, an extension id that does not match, an old host.
 * Each problem carries what to do about it, in English and Chinese.
 */
import { HOST_NAME } from '../../src/protocol/messages';
import type { ManifestFlavour, TargetOs } from './locations';
import { pathApi } from './locations';
import { CHROME_ID } from './manifest';

type ProblemCode =
  | 'NOT_REGISTERED'
  | 'REGISTRY_POINTS_NOWHERE'
  | 'MANIFEST_UNREADABLE'
  | 'MANIFEST_NOT_JSON'
  | 'WRONG_NAME'
  | 'WRONG_TYPE'
  | 'RELATIVE_PATH'
  | 'HOST_MISSING'
  | 'HOST_NOT_EXECUTABLE'
  | 'ORIGIN_MALFORMED'
  | 'WRONG_EXTENSION_ID'
  | 'HOST_DOES_NOT_START'
  | 'VERSION_MISMATCH'
  | 'VERSION_DIFFERENT'
  | 'NO_REGISTRATION'
  | 'SANDBOXED_BROWSER'
  | 'NO_READER'
  | 'READER_CHECK_FAILED'
  | 'USB_NO_PERMISSION'
  | 'USB_UNKNOWN_DEVICE';

export interface Problem {
  code: ProblemCode;
  /** `error`: the browser cannot use the host. `warning`: it works, but something is off. */
  severity: 'error' | 'warning';
  message: { en: string; zh: string };
  fix: { en: string; zh: string };
}

export function problem(code: ProblemCode, severity: Problem['severity'], message: Problem['message'], fix: Problem['fix']): Problem {
  return { code, severity, message, fix };
}

const REINSTALL = { en: 'Run "cardfill-host install" again.', zh: '请重新运行 "cardfill-host install"。' };

/** The facts `inspectManifest` needs from the disk, so it can be checked without one. */
export interface HostFileFacts {
  exists: boolean;
  executable: boolean;
}

interface ManifestCheck {
  /** The program the browser will start (absolute; resolved against the manifest folder on Windows). */
  hostPath: string | null;
  allowed: string[];
  problems: Problem[];
}

const CHROME_ORIGIN = /^chrome-extension:\/\/([a-p]{32})\/$/;

/**
 * Check a manifest's text. `knownIds` are the extension ids CardFill ships under (dev, store,
 * Firefox, plus any the user names); at least one of them must be allowed.
 */
export function inspectManifest(
  text: string,
  opts: {
    os: TargetOs;
    flavour: ManifestFlavour;
    manifestPath: string;
    knownIds: readonly string[];
    hostFacts: (path: string) => HostFileFacts;
  },
): ManifestCheck {
  const problems: Problem[] = [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {
      hostPath: null,
      allowed: [],
      problems: [
        problem(
          'MANIFEST_NOT_JSON',
          'error',
          { en: 'The manifest is not valid JSON, so the browser ignores it.', zh: '清单文件不是有效的 JSON，浏览器会忽略它。' },
          REINSTALL,
        ),
      ],
    };
  }
  const m = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (m['name'] !== HOST_NAME) {
    problems.push(
      problem(
        'WRONG_NAME',
        'error',
        { en: `The manifest's name is not "${HOST_NAME}".`, zh: `清单中的 name 不是 "${HOST_NAME}"。` },
        REINSTALL,
      ),
    );
  }
  if (m['type'] !== 'stdio') {
    problems.push(
      problem('WRONG_TYPE', 'error', { en: 'The manifest\'s type is not "stdio".', zh: '清单中的 type 不是 "stdio"。' }, REINSTALL),
    );
  }

  let hostPath: string | null = null;
  const p = pathApi(opts.os);
  const rawPath = m['path'];
  if (typeof rawPath !== 'string' || rawPath === '') {
    problems.push(
      problem('HOST_MISSING', 'error', { en: 'The manifest names no program to start.', zh: '清单中没有要启动的程序路径。' }, REINSTALL),
    );
  } else if (!p.isAbsolute(rawPath) && opts.os !== 'win32') {
    // Chrome and Firefox need an absolute path on Linux and macOS ("Specified native messaging host not found").
    problems.push(
      problem(
        'RELATIVE_PATH',
        'error',
        {
          en: `The manifest's path "${rawPath}" is relative; on this system it must be absolute.`,
          zh: `清单中的路径 "${rawPath}" 是相对路径，在本系统上必须是绝对路径。`,
        },
        REINSTALL,
      ),
    );
  } else {
    // Windows allows a path relative to the manifest's folder (Chrome and MDN docs).
    hostPath = p.isAbsolute(rawPath) ? rawPath : p.join(p.dirname(opts.manifestPath), rawPath);
    const facts = opts.hostFacts(hostPath);
    if (!facts.exists) {
      problems.push(
        problem(
          'HOST_MISSING',
          'error',
          { en: `The program ${hostPath} does not exist (moved or deleted?).`, zh: `程序 ${hostPath} 不存在（是否已移动或删除？）。` },
          REINSTALL,
        ),
      );
      hostPath = null;
    } else if (!facts.executable && opts.os !== 'win32') {
      problems.push(
        problem(
          'HOST_NOT_EXECUTABLE',
          'error',
          {
            en: `The program ${hostPath} is not executable, so the browser cannot start it.`,
            zh: `程序 ${hostPath} 没有可执行权限，浏览器无法启动它。`,
          },
          {
            en: `Run "chmod 755 '${hostPath}'", or "cardfill-host install" again.`,
            zh: `请运行 "chmod 755 '${hostPath}'"，或重新运行 "cardfill-host install"。`,
          },
        ),
      );
    }
  }

  const allowed: string[] = [];
  if (opts.flavour === 'chrome') {
    const origins = Array.isArray(m['allowed_origins']) ? (m['allowed_origins'] as unknown[]) : [];
    for (const origin of origins) {
      const match = typeof origin === 'string' ? CHROME_ORIGIN.exec(origin) : null;
      if (match) {
        allowed.push(match[1]!);
      } else {
        problems.push(
          problem(
            'ORIGIN_MALFORMED',
            'error',
            {
              en: `allowed_origins entry ${JSON.stringify(origin)} is not of the form chrome-extension://ID/ (with the trailing slash); Chrome rejects the whole manifest.`,
              zh: `allowed_origins 中的 ${JSON.stringify(origin)} 不是 chrome-extension://ID/ 的形式（需要末尾的斜杠），Chrome 会拒绝整个清单。`,
            },
            REINSTALL,
          ),
        );
      }
    }
  } else {
    const ids = Array.isArray(m['allowed_extensions']) ? (m['allowed_extensions'] as unknown[]) : [];
    for (const id of ids) if (typeof id === 'string') allowed.push(id);
  }
  // Compare like with like: Chrome ids in a Chrome manifest, add-on ids in a Firefox one.
  const expected = opts.knownIds.filter((id) => CHROME_ID.test(id) === (opts.flavour === 'chrome'));
  if (!allowed.some((id) => expected.includes(id))) {
    problems.push(
      problem(
        'WRONG_EXTENSION_ID',
        'error',
        {
          en: `The manifest allows ${allowed.length ? allowed.join(', ') : 'no extension'}, not CardFill (${expected.join(', ')}).`,
          zh: `清单允许的扩展是 ${allowed.length ? allowed.join('、') : '（无）'}，而不是 CardFill（${expected.join('、')}）。`,
        },
        {
          en: 'Run "cardfill-host install", adding "--extension-id ID" with the id shown on the browser\'s extensions page if yours differs.',
          zh: '请运行 "cardfill-host install"；如果扩展 ID 不同，请加上 "--extension-id ID"（ID 见浏览器的扩展程序页面）。',
        },
      ),
    );
  }
  return { hostPath, allowed, problems };
}

/** First `x.y.z…` in a `--version` output. */
export function parseVersion(output: string): string | null {
  return /\b(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?)\b/.exec(output)?.[1] ?? null;
}

/** Same major version: compatible (the extension refuses a different major with VERSION_MISMATCH, docs/architecture.md §3). */
export function compareVersions(installed: string, expected: string): Problem | null {
  if (installed === expected) return null;
  const major = (v: string) => v.split('.')[0];
  if (major(installed) !== major(expected)) {
    return problem(
      'VERSION_MISMATCH',
      'error',
      {
        en: `The registered host is version ${installed}, this one is ${expected}: the major versions differ.`,
        zh: `已注册的主机版本为 ${installed}，当前为 ${expected}：主版本号不同。`,
      },
      { en: 'Run "cardfill-host install" from the version you want to use.', zh: '请用需要使用的版本运行 "cardfill-host install"。' },
    );
  }
  return problem(
    'VERSION_DIFFERENT',
    'warning',
    {
      en: `The registered host is version ${installed}, this one is ${expected}.`,
      zh: `已注册的主机版本为 ${installed}，当前为 ${expected}。`,
    },
    {
      en: 'It works; run "cardfill-host install" to register this version instead.',
      zh: '可以使用；如需改用当前版本，请运行 "cardfill-host install"。',
    },
  );
}
