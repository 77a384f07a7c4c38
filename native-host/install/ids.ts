/**
 * The extension ids this host trusts, in one place (the installer writes them into the browser
 * manifests; the host checks its caller against them at start-up).
 */

/** Fixed by the public dev key in extension/dev-key.pub.b64 (unpacked development builds, the demo and tests). */
export const DEV_CHROME_ID = 'kgmcdhopppdlggghpgbcmpgemaccdmoc';
/** browser_specific_settings.gecko.id in manifest.json. */
export const FIREFOX_ID = 'cardfill@cardfill.cn';
/** Set by scripts/release/build-sea.mjs from RELEASE_CHROME_IDS / RELEASE_EDGE_IDS (docs/release.md). */
declare const __CARDFILL_RELEASE_CHROME_IDS__: string | undefined;
/**
 * Store ids of published Chrome/Edge builds, named when the release is built. A store assigns the
 * id on first upload; a build without them is a development build and trusts DEV_CHROME_ID instead.
 * `cardfill-host install --extension-id ID` allows another id explicitly.
 */
export const RELEASE_CHROME_IDS: readonly string[] =
  typeof __CARDFILL_RELEASE_CHROME_IDS__ === 'string' ? __CARDFILL_RELEASE_CHROME_IDS__.split(',').filter(Boolean) : [];
