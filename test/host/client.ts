/** Speaks the native messaging protocol to the real, built host over stdio, as a browser does. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { NativeMessageDecoder, encodeNativeMessage } from '../../src/protocol/framing';
import type { HostMessage } from '../../src/protocol/messages';

export const HOST_BIN = path.resolve(import.meta.dirname, '../../native-host/dist/cardfill-host.mjs');
export const DEV_ORIGIN = 'chrome-extension://kgmcdhopppdlggghpgbcmpgemaccdmoc/';

export class HostClient {
  readonly child: ChildProcessWithoutNullStreams;
  readonly messages: HostMessage[] = [];
  stderr = '';
  private waiters: (() => void)[] = [];
  readonly exited: Promise<number | null>;

  constructor(args: string[] = [DEV_ORIGIN], env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [HOST_BIN, ...args], { env: { ...process.env, CARDFILL_READER: 'sim:resident', ...env } });
    const decoder = new NativeMessageDecoder(16 * 1024 * 1024);
    this.child.stdout.on('data', (chunk: Buffer) => {
      for (const r of decoder.push(new Uint8Array(chunk))) {
        if (r.kind === 'message') this.messages.push(r.value as HostMessage);
        else
          this.messages.push({
            id: null,
            type: 'error',
            error: { code: 'INTERNAL', message: 'client could not parse host output', retriable: false },
          });
      }
      for (const w of this.waiters.splice(0)) w();
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  send(message: unknown): void {
    this.child.stdin.write(encodeNativeMessage(message, 16 * 1024 * 1024));
  }

  writeRaw(bytes: Uint8Array): void {
    this.child.stdin.write(bytes);
  }

  /** Resolves with the first message matching `predicate` (already received or arriving within `timeoutMs`). */
  async next(predicate: (m: HostMessage) => boolean, timeoutMs = 10_000): Promise<HostMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) {
        this.messages.splice(this.messages.indexOf(found), 1);
        return found;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching host message within ${timeoutMs} ms; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  reply(id: number, timeoutMs?: number): Promise<HostMessage> {
    return this.next((m) => 'id' in m && m.id === id, timeoutMs);
  }

  async close(): Promise<number | null> {
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
