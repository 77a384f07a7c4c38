/** The shape of a site profile is the fill engine's (src/fill/profile.ts); the profiles in this folder implement it. */
export type { SiteProfile } from '../fill/profile.js';
