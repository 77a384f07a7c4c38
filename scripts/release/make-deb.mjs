// The Linux .deb (dpkg-deb): the "beside" build of cardfill-host under /usr/lib/cardfill, system
// host manifests for Chrome, Chromium, Edge, Brave and Firefox as symlinks into /usr/lib/cardfill
// (package files, so `dpkg -r` removes them — conffiles would stay until `dpkg -P`), the udev rule
// for USB readers, and, only when store ids are named, Chrome's/Edge's external-extension files.
//   node scripts/release/make-deb.mjs BUILD_DIR OUT.deb
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { root, version, hostManifest, storeIds, sourceDateEpoch, walk, STORE_UPDATE_URLS, HOST_NAME } from './common.mjs';

export const DEB_PACKAGE = 'cardfill-host';
const LIB = '/usr/lib/cardfill';
/** Where each browser reads system-wide host manifests on Linux (native-host/install/locations.ts). */
export const DEB_MANIFEST_DIRS = {
  chrome: '/etc/opt/chrome/native-messaging-hosts', // Google Chrome, and Brave's system-wide location
  chromium: '/etc/chromium/native-messaging-hosts',
  edge: '/etc/opt/edge/native-messaging-hosts',
  firefox: '/usr/lib/mozilla/native-messaging-hosts',
};

const POSTINST = `#!/bin/sh
set -e
# Let udev apply the reader rule to a reader that is already plugged in.
if [ "$1" = configure ] && command -v udevadm >/dev/null 2>&1; then
  udevadm control --reload-rules >/dev/null 2>&1 || true
  udevadm trigger --subsystem-match=usb --action=add >/dev/null 2>&1 || true
fi
exit 0
`;

export function makeDeb(buildDir, outDeb, { env = process.env, compression = env.CARDFILL_DEB_COMPRESSION || 'xz' } = {}) {
  const started = Date.now();
  const stage = path.join(root, '.tmp/deb-stage');
  rmSync(stage, { recursive: true, force: true });
  const put = (rel, content, mode = 0o644) => {
    const p = path.join(stage, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    if (typeof content === 'string' || Buffer.isBuffer(content)) writeFileSync(p, content);
    else copyFileSync(content.from, p);
    chmodSync(p, mode);
  };
  const link = (rel, target) => {
    const p = path.join(stage, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    symlinkSync(target, p);
  };
  put(`${LIB}/cardfill-host`, { from: path.join(buildDir, 'cardfill-host') }, 0o755);
  for (const addon of ['koffi.node', 'serialport.node', 'usb.node']) put(`${LIB}/${addon}`, { from: path.join(buildDir, addon) }, 0o644);
  put(`${LIB}/${HOST_NAME}.json`, hostManifest('chrome', `${LIB}/cardfill-host`, env));
  put(`${LIB}/${HOST_NAME}.firefox.json`, hostManifest('firefox', `${LIB}/cardfill-host`, env));
  link('/usr/bin/cardfill-host', '../lib/cardfill/cardfill-host');
  for (const [browser, dir] of Object.entries(DEB_MANIFEST_DIRS)) {
    link(`${dir}/${HOST_NAME}.json`, `${LIB}/${HOST_NAME}${browser === 'firefox' ? '.firefox' : ''}.json`);
  }
  // The one udev rule, generated from the known reader ids (native-host/install/udev.ts), as `install --system` writes it.
  put('/usr/lib/udev/rules.d/60-cardfill-readers.rules', { from: path.join(root, 'native-host/install/60-cardfill-readers.rules') });
  // Point Chrome and Edge at the store extension (they offer it to the person on next start).
  const ids = storeIds(env);
  for (const id of ids.chrome)
    put(
      `/usr/share/google-chrome/extensions/${id}.json`,
      `${JSON.stringify({ external_update_url: STORE_UPDATE_URLS.chrome }, null, 2)}\n`,
    );
  for (const id of ids.edge)
    put(`/usr/share/microsoft-edge/extensions/${id}.json`, `${JSON.stringify({ external_update_url: STORE_UPDATE_URLS.edge }, null, 2)}\n`);
  const doc = `/usr/share/doc/${DEB_PACKAGE}`;
  put(`${doc}/README.Debian`, { from: path.join(root, 'packaging/linux/README.Debian') });
  put(`${doc}/copyright`, { from: path.join(root, 'packaging/linux/copyright') });

  let installedKb = 0;
  for (const rel of walk(stage)) {
    const st = lstatSync(path.join(stage, rel));
    if (st.isFile()) installedKb += Math.ceil(st.size / 1024);
  }
  const control = [
    `Package: ${DEB_PACKAGE}`,
    `Version: ${version}`,
    'Architecture: amd64',
    `Maintainer: ${env.RELEASE_MAINTAINER || 'CardFill maintainers <cardfill@cardfill.cn>'}`,
    `Installed-Size: ${installedKb}`,
    // The embedded Node needs GLIBC 2.28 and GLIBCXX 3.4.21; the addons need no more (docs/release.md).
    'Depends: libc6 (>= 2.28), libstdc++6 (>= 5), libgcc-s1',
    'Section: utils',
    'Priority: optional',
    'Homepage: https://cardfill.cn',
    'Description: read Chinese identity cards into web forms (browser host)',
    ' CardFill reads a Chinese identity card (resident, foreign permanent resident,',
    ' Hong Kong/Macao/Taiwan residence permit) on a desktop reader and fills identity',
    ' forms in the browser after the person reviewed the data. This package is the',
    ' native messaging host the CardFill extension talks to, for Chrome, Chromium,',
    ' Edge, Brave and Firefox. It includes its own Node.js runtime.',
    '',
  ].join('\n');
  put('/DEBIAN/control', control);
  put('/DEBIAN/postinst', POSTINST, 0o755);
  // No postrm: with one, dpkg keeps the package in state "rc" after `dpkg -r` (udev notices the
  // removed rule by itself).
  const md5 = walk(stage)
    .filter((rel) => !rel.startsWith('DEBIAN') && lstatSync(path.join(stage, rel)).isFile())
    .map((rel) => `${execFileSync('md5sum', [path.join(stage, rel)], { encoding: 'utf8' }).split(' ')[0]}  ${rel}`)
    .join('\n');
  put('/DEBIAN/md5sums', `${md5}\n`);

  // Same inputs, same bytes: every mtime is the source date; dpkg-deb uses SOURCE_DATE_EPOCH for the ar headers.
  const epoch = sourceDateEpoch();
  for (const rel of ['.', ...walk(stage)]) execFileSync('touch', ['-h', '-d', `@${epoch}`, path.join(stage, rel)]);
  rmSync(outDeb, { force: true });
  mkdirSync(path.dirname(outDeb), { recursive: true });
  const r = spawnSync('dpkg-deb', ['--root-owner-group', `-Z${compression}`, '--build', stage, outDeb], {
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH: String(epoch) },
  });
  if (r.status !== 0) throw new Error(`dpkg-deb failed: ${r.stderr}`);
  rmSync(stage, { recursive: true, force: true });
  return { path: outDeb, bytes: readFileSync(outDeb).length, compression, seconds: (Date.now() - started) / 1000 };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [buildDir, out] = process.argv.slice(2);
  if (!buildDir || !out) {
    process.stderr.write('Usage: node scripts/release/make-deb.mjs BUILD_DIR OUT.deb\n');
    process.exit(2);
  }
  const r = makeDeb(path.resolve(buildDir), path.resolve(out));
  process.stdout.write(
    `make-deb: ${path.relative(root, r.path)} ${(r.bytes / 1e6).toFixed(1)} MB (${r.compression}) in ${r.seconds.toFixed(1)} s\n`,
  );
}
