// Speaks the native messaging protocol (docs/architecture.md §3) to the built host over stdio, as a browser
// does: 4-byte native-endian length + UTF-8 JSON. Re-implemented here (10 lines) so the bench is
// a plain script; test/host/client.ts is the TypeScript twin the tests use.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.mjs';

export const HOST_BIN = path.join(ROOT, 'native-host/dist/cardfill-host.mjs');
/** The development extension id (extension/dev-key.pub.b64), which the host allows as its caller. */
export const DEV_ORIGIN = 'chrome-extension://kgmcdhopppdlggghpgbcmpgemaccdmoc/';
const MAX_FRAME = 16 * 1024 * 1024;

export function encodeFrame(message) {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(body.length, 0); // native endian on x86-64 and arm64 (docs/tooling.md §3)
  return Buffer.concat([head, body]);
}

/** A host process in native messaging mode, with timestamps of every frame it sends. */
export class HostProcess {
  /** @param {{ env?: Record<string,string>, args?: string[], nodeArgs?: string[] }} [options] */
  constructor({ env = {}, args = [DEV_ORIGIN], nodeArgs = [] } = {}) {
    this.startedAt = performance.now();
    this.child = spawn(process.execPath, [...nodeArgs, HOST_BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    /** @type {{ at: number, message: any }[]} */
    this.inbox = [];
    this.waiters = [];
    this.stderr = '';
    let buffer = Buffer.alloc(0);
    this.child.stdout.on('data', (chunk) => {
      const at = performance.now();
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      while (buffer.length >= 4) {
        const size = buffer.readUInt32LE(0);
        if (size > MAX_FRAME) throw new Error(`host sent a frame of ${size} bytes`);
        if (buffer.length < 4 + size) break;
        this.inbox.push({ at, message: JSON.parse(buffer.subarray(4, 4 + size).toString('utf8')) });
        buffer = buffer.subarray(4 + size);
      }
      for (const w of this.waiters.splice(0)) w();
    });
    this.child.stderr.on('data', (d) => (this.stderr += d.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.child.on('exit', () => {
      for (const w of this.waiters.splice(0)) w();
    });
    this.nextId = 1;
  }

  get pid() {
    return this.child.pid;
  }

  /** First frame matching `predicate` (already received or arriving within timeoutMs), with its arrival time. */
  async next(predicate, timeoutMs = 15_000) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const i = this.inbox.findIndex((f) => predicate(f.message));
      if (i >= 0) return this.inbox.splice(i, 1)[0];
      const left = deadline - performance.now();
      if (left <= 0 || this.child.exitCode !== null) {
        throw new Error(
          `no matching host message within ${timeoutMs} ms (host ${this.child.exitCode === null ? 'running' : `exited ${this.child.exitCode}`}); stderr: ${this.stderr.slice(-500)}`,
        );
      }
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve(undefined);
        });
      });
    }
  }

  hello(timeoutMs) {
    return this.next((m) => m.type === 'hello', timeoutMs);
  }

  /** Send one request and wait for its reply; returns { reply, ms } (write to reply frame parsed). */
  async request(body, timeoutMs = 15_000) {
    const id = this.nextId++;
    const frame = encodeFrame({ id, ...body });
    const t0 = performance.now();
    this.child.stdin.write(frame);
    const { at, message } = await this.next((m) => m.id === id, timeoutMs);
    return { reply: message, ms: at - t0 };
  }

  /** Resident set size of the host process in KiB (Linux /proc; elsewhere null). */
  rssKiB() {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const m = /VmRSS:\s+(\d+) kB/.exec(status);
      return m ? Number(m[1]) : null;
    } catch {
      return null;
    }
  }

  /**
   * Live memory after a GC, from lib/heap-probe.mjs (the host must have been started with it):
   * { heapUsed, rss, external, arrayBuffers } in bytes.
   */
  async probeMemory(timeoutMs = 5000) {
    const before = this.stderr.length;
    this.child.kill('SIGUSR2');
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const m = /cardfill-bench-memory (\d+) (\d+) (\d+) (\d+)\n/.exec(this.stderr.slice(before));
      if (m) {
        this.stderr = this.stderr.slice(0, before) + this.stderr.slice(before + m.index + m[0].length);
        return { heapUsed: Number(m[1]), rss: Number(m[2]), external: Number(m[3]), arrayBuffers: Number(m[4]) };
      }
      if (performance.now() > deadline) throw new Error('the host did not answer the memory probe');
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async close() {
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
