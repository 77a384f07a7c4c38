/** The fixture server and path resolver the fill tests share with the extension harness (scripts/lib/browser.mjs). */
export { contentType, resolveFixturePath, startFixtureServer, ROOT as projectRoot } from '../../scripts/lib/browser.mjs';
