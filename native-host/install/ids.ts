/**
 * The extension ids this host trusts, in one place (the installer writes them into the browser
 * manifests; the host checks its caller against them at start-up).
 */

/** Fixed by the public dev key in extension/dev-key.pub.b64 (unpacked development builds, the demo and tests). */
export const DEV_CHROME_ID = 'kgmcdhopppdlggghpgbcmpgemaccdmoc';
/** browser_specific_settings.gecko.id in manifest.json. */
export const FIREFOX_ID = 'cardfill@cardfill.cn';
/**
 * Store ids of published Chrome/Edge builds. None exists yet: a store assigns the id on first
 * upload. Until then, `cardfill-host install --extension-id ID` allows another id explicitly.
 */
export const RELEASE_CHROME_IDS: readonly string[] = [];
