/** The site profiles (one file each); the generic classifier covers every other site. */
import type { SiteProfile } from './types.js';
import { passenger12306 } from './12306-passenger.js';
import { taxRegistration } from './tax-registration.js';
import { registration12306 } from './12306-registration.js';
import { site12123 } from './12123.js';
import { govServicePlatform } from './gov-service-platform.js';

export const SITE_PROFILES: SiteProfile[] = [passenger12306, registration12306, taxRegistration, site12123, govServicePlatform];

export function siteProfileFor(url: URL): SiteProfile | null {
  return SITE_PROFILES.find((p) => p.matches(url)) ?? null;
}
