#!/usr/bin/env node
// `npm start`: build, register the host in a throw-away Chromium profile, and open Chromium with
// the extension and the simulated reader on a demo form (the 12306 add-passenger replica).
// With a display you drive it yourself; without one (or with --headless) the same demo runs by
// itself: read → review → preview → fill, then it prints the filled fields and saves screenshots.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const args = new Set(process.argv.slice(2));
const card = process.argv.find((a) => a.startsWith('--card='))?.slice(7) ?? 'foreign-2023';
const hasDisplay = process.platform === 'darwin' || process.platform === 'win32' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY;
const headless = args.has('--headless') || !hasDisplay;

if (!args.has('--no-build')) {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const { launchExtension, startFixtureServer, artifactPath } = await import('./lib/browser.mjs');

const server = await startFixtureServer();
const formUrl = `${server.origin}/pages/12306-passenger.html`;
let browser;
try {
  console.log(`demo: Chromium with CardFill, the simulated reader holding the synthetic "${card}" card, and ${formUrl}`);
  browser = await launchExtension({ headless, sim: { card } });
  const page = await browser.context.newPage();
  await page.goto(formUrl);
  const popup = await browser.openPopup(page, { viewport: { width: 460, height: 760 } });

  if (!headless) {
    console.log('demo: in the CardFill tab click "Read card", review, "Preview fill", then "Fill the page".');
    console.log('demo: close the browser window to end the demo.');
    await new Promise((resolve) => browser.context.on('close', resolve));
  } else {
    console.log('demo: no display, so the demo runs headless by itself');
    await popup.click('[data-action=read]');
    await popup.waitForSelector('.card [data-field]', { timeout: 20_000 });
    await popup.click('[data-action=preview]');
    await popup.waitForSelector('.plan', { timeout: 20_000 });
    await popup.click('[data-action=fill]');
    await popup.waitForSelector('.report', { timeout: 20_000 });
    const model = await page.evaluate(() => /** @type {any} */ (window).__model?.() ?? {});
    console.log('demo: the form now holds');
    for (const [key, value] of Object.entries(model)) if (value !== '') console.log(`  ${key.padEnd(26)} ${value}`);
    const formShot = artifactPath('demo-form.png');
    const popupShot = artifactPath('demo-popup.png');
    await page.bringToFront();
    await page.screenshot({ path: formShot, fullPage: true });
    await popup.screenshot({ path: popupShot, fullPage: true });
    console.log(`demo: screenshots saved to ${path.relative(root, formShot)} and ${path.relative(root, popupShot)}`);
    console.log('demo: all data shown is invented (synthetic card); nothing was written to disk.');
  }
} catch (e) {
  console.error(`demo failed: ${e instanceof Error ? e.message : e}`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  await server.close();
}
