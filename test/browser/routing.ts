import type { BrowserContext } from 'playwright-core';

/**
 * Serves a replica under the real site's https address (Playwright intercepts the requests), so
 * the extension sees the URL it would see on the live site: https, the allow-list and the site
 * profile's URL predicate all apply as they would there. `pages` maps site paths to fixture paths;
 * every other path is fetched from the fixture server as is (e.g. /node_modules/jquery/…).
 */
export async function routeSiteToFixtures(context: BrowserContext, siteOrigin: string, fixtureOrigin: string, pages: Record<string, string>): Promise<void> {
  await context.route(`${siteOrigin}/**`, async (route) => {
    const url = new URL(route.request().url());
    const target = pages[url.pathname] ?? url.pathname;
    const response = await fetch(fixtureOrigin + target);
    await route.fulfill({
      status: response.status,
      headers: { 'content-type': response.headers.get('content-type') ?? 'text/html' },
      body: Buffer.from(await response.arrayBuffer()),
    });
  });
}
