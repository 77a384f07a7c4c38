import type { BrowserContext, Page } from 'playwright-core';
import { contentType, resolveFixturePath } from './harness';
import { readFileSync } from 'node:fs';

/**
 * Serves a replica under the real site's https address (Playwright intercepts the requests), so
 * the extension sees the URL it would see on the live site: https, the allow-list and the site
 * profile's URL predicate all apply as they would there. `pages` maps site paths to fixture paths;
 * every other path is served from the fixtures as is (e.g. /node_modules/jquery/…).
 */
export async function routeSiteToFixtures(target: BrowserContext | Page, siteOrigin: string, pages: Record<string, string>): Promise<void> {
  await target.route(`${siteOrigin}/**`, async (route) => {
    const pathname = new URL(route.request().url()).pathname;
    const file = resolveFixturePath(pages[pathname] ?? pathname);
    if (!file) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ status: 200, contentType: contentType(file), body: readFileSync(file) });
  });
}
