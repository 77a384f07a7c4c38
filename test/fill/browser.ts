/**
 * Shared browser set-up for the fill tests: Debian Chromium through playwright-core, the fixture server,
 * a fresh engine build, and routing of a fixture's real site address to the local server.
 */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot, startFixtureServer } from './server.js';
import { routeSiteToFixtures } from '../browser/routing.js';
import type { FixtureExpectation } from './expectations.js';
import { findChromium } from '../../scripts/lib/browser.mjs';

// A test build of its own: dist/fill-engine.js belongs to `npm run build`, and the conformance check
// reads it while these tests run.
export const ENGINE_PATH = path.join(projectRoot, '.tmp/fill-engine.test.js');

export async function buildEngine(): Promise<string> {
  await build({
    entryPoints: [path.join(projectRoot, 'src/fill/standalone.ts')],
    bundle: true,
    format: 'iife',
    outfile: ENGINE_PATH,
    logLevel: 'warning',
  });
  return fs.readFileSync(ENGINE_PATH, 'utf8');
}

/** The bundled fixtures (React + antd) come from scripts/build-fixtures.mjs; build them if they are missing. */
export function buildFixtures(): void {
  if (fs.existsSync(path.join(projectRoot, 'test/fixtures/dist/hotel.js'))) return;
  execFileSync(process.execPath, [path.join(projectRoot, 'scripts/build-fixtures.mjs')], { stdio: 'ignore' });
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export { startFixtureServer };

/** Open a fixture: at its real site address (routed to the fixture files) or on the local server. */
export async function openFixture(page: Page, fx: FixtureExpectation, origin: string): Promise<void> {
  if (fx.siteUrl) {
    const site = new URL(fx.siteUrl);
    await routeSiteToFixtures(page, site.origin, { [site.pathname]: fx.path });
    await page.goto(fx.siteUrl);
  } else {
    await page.goto(origin + fx.path);
  }
}
