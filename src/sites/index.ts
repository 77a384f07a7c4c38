/**
 * The one registry of sites: the profiles (one file each, listed in ./all.ts by scripts/gen-sites.mjs) and what
 * derives from their hosts: the manifest's host permissions (vite.config.ts), the default site list
 * (extension/shared/settings.ts) and the permission allow-list (test/security/manifest.test.ts). The generic
 * classifier covers every other site. The fill engine does not import this: its callers pass `siteProfileFor` in.
 */
import { ALL_PROFILES } from './all.js';
import type { SiteProfile } from './types.js';

export const SITE_PROFILES: readonly SiteProfile[] = ALL_PROFILES;

export function siteProfileFor(url: URL): SiteProfile | null {
  return SITE_PROFILES.find((p) => p.matches(url)) ?? null;
}

/** Every profile's hosts, once each, in registry order: the default site list. */
export const SITE_HOSTS: readonly string[] = [...new Set(SITE_PROFILES.flatMap((p) => p.hosts))];

/** The match pattern of a site host: https only, the host and its subdomains. */
function hostPattern(host: string): string {
  return `https://*.${host}/*`;
}

/** The manifest's optional host permissions (and the development build's granted ones). */
export const SITE_HOST_PATTERNS: readonly string[] = SITE_HOSTS.map(hostPattern);
