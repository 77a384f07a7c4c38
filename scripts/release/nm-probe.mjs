// Talks native messaging to a built host as a browser does (4-byte little-endian length + UTF-8
// JSON on stdio): waits for hello, asks status, reads a card, closes stdin and expects exit 0.
// Used by `npm run release` to record what was checked, and by test/release.
//   node scripts/release/nm-probe.mjs PROGRAM [ARGS…]   (prints the replies as JSON)
import { spawn } from 'node:child_process';

export const DEV_ORIGIN = 'chrome-extension://kgmcdhopppdlggghpgbcmpgemaccdmoc/';

function frame(message) {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(body.length, 0);
  return Buffer.concat([head, body]);
}

/** Resolves with { hello, status, card, messages (all, in order), exitCode, stderr }; rejects on a timeout. */
export function probeHost(program, args = [DEV_ORIGIN], { env = {}, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      env: { ...process.env, CARDFILL_READER: 'sim:foreign-2023', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let buf = Buffer.alloc(0);
    let stderr = '';
    const got = { messages: [] };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`host did not answer in ${timeoutMs} ms; got ${JSON.stringify(Object.keys(got))}; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.stderr.on('data', (c) => (stderr += c));
    child.stdout.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 4 && buf.length >= 4 + buf.readUInt32LE(0)) {
        const len = buf.readUInt32LE(0);
        const msg = JSON.parse(buf.subarray(4, 4 + len).toString('utf8'));
        buf = buf.subarray(4 + len);
        got.messages.push(msg);
        if (msg.type === 'hello') {
          got.hello = msg;
          child.stdin.write(frame({ id: 1, type: 'status' }));
        } else if (msg.id === 1) {
          got.status = msg;
          child.stdin.write(frame({ id: 2, type: 'read' }));
        } else if (msg.id === 2) {
          got.card = msg;
          child.stdin.end();
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ ...got, exitCode: code, stderr });
    });
  });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split(/[\\/]/).pop())) {
  const [program, ...args] = process.argv.slice(2);
  const r = await probeHost(program, args.length ? args : undefined);
  process.stdout.write(
    `${JSON.stringify({ hello: r.hello, status: r.status?.type, card: r.card?.type === 'card' ? r.card.card.kind : r.card, exitCode: r.exitCode }, null, 2)}\n`,
  );
}
