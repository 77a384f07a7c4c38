/**
 * A tiny static server for the fixture pages: test/fixtures/ at the root, the project's node_modules at
 * /node_modules/ (the fixtures load jQuery, Vue, Element Plus, React, antd and layui from there).
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.join(projectRoot, 'test/fixtures');
const NODE_MODULES = path.join(projectRoot, 'node_modules');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.woff2': 'font/woff2', '.woff': 'font/woff',
  '.ttf': 'font/ttf', '.svg': 'image/svg+xml', '.png': 'image/png', '.gif': 'image/gif',
};

export function resolveFixturePath(urlPath: string): string | null {
  const p = decodeURIComponent(urlPath.split('?')[0]!);
  const [base, rel] = p.startsWith('/node_modules/') ? [NODE_MODULES, p.slice('/node_modules/'.length)] : [FIXTURES, p.slice(1)];
  const file = path.resolve(base, rel);
  if (!file.startsWith(base + path.sep)) return null;
  return fs.existsSync(file) && fs.statSync(file).isFile() ? file : null;
}

export function contentType(file: string): string {
  return TYPES[path.extname(file)] ?? 'application/octet-stream';
}

export async function startFixtureServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const file = resolveFixturePath(new URL(req.url ?? '/', 'http://x').pathname);
    if (!file) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': contentType(file) });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  return { origin: `http://127.0.0.1:${addr.port}`, close: () => new Promise((r) => server.close(() => r())) };
}

export { projectRoot };
