/**
 * The host's side of the popup's state: connecting records "connecting", "ready" (with the host's
 * version and reader), "missing", "mismatch" (with the side to update) or "error"; a dropped port
 * goes back to "unknown". Also the options page's host check (hostDoctor).
 */
import { checkVersions } from '../../src/protocol/version';
import { toErrorInfo, type ErrorInfo } from '../../src/errors';
import type { HelloMessage } from '../../src/protocol/messages';
import type { HostReport } from '../shared/messages';
import type { NativeHostPort } from './native-port';
import type { BackgroundState } from './state';

export interface HostLinkDeps {
  host: NativeHostPort;
  state: BackgroundState;
  /** The `reader` key for a request, from the settings in force. */
  readerKey: () => Promise<{ reader?: string }>;
  /** This extension's version (the manifest's), checked against the host's at hello. */
  extensionVersion?: string;
}

export class HostLink {
  constructor(private readonly deps: HostLinkDeps) {
    deps.host.onDisconnect((error) => {
      deps.state.update({
        host: { state: error.code === 'HOST_NOT_FOUND' ? 'missing' : 'unknown', version: null, reader: null, error: null, update: null },
      });
    });
  }

  /** Connect (if needed) and record the outcome; rejects with the typed error. */
  async connect(): Promise<HelloMessage> {
    const { host, state } = this.deps;
    if (state.current.host.state !== 'ready') state.update({ host: { ...state.current.host, state: 'connecting', error: null } });
    try {
      const hello = await host.connect();
      const versionNote = this.deps.extensionVersion ? checkVersions(hello.version, this.deps.extensionVersion).words : null;
      state.update({
        host: { state: 'ready', version: hello.version, reader: hello.readers[0]?.name ?? null, error: null, update: null, versionNote },
      });
      return hello;
    } catch (e) {
      const error = toErrorInfo(e);
      const hostState = error.code === 'HOST_NOT_FOUND' ? 'missing' : error.code === 'VERSION_MISMATCH' ? 'mismatch' : 'error';
      const update = hostState === 'mismatch' ? (host.mismatchSide ?? 'host') : null;
      state.update({ host: { state: hostState, version: null, reader: null, error, update } });
      throw e;
    }
  }

  /** The host's own account of itself and of the reader, for the options page. */
  async report(): Promise<HostReport> {
    const hello = await this.connect();
    const report: HostReport = {
      version: hello.version,
      protocol: hello.protocol,
      readers: hello.readers,
      status: null,
      readerError: null,
    };
    const reply = await this.deps.host
      .request({ type: 'status', ...(await this.deps.readerKey()) }, 20_000)
      .catch((e: unknown) => ({ type: 'error' as const, id: null, error: toErrorInfo(e) as ErrorInfo }));
    if (reply.type === 'status') report.status = reply;
    else if (reply.type === 'error') report.readerError = reply.error;
    return report;
  }
}
