import type { CardRecord } from '../card/record.js';
import type { ChoiceOption, FieldKind } from './types.js';

/**
 * A site profile (docs/architecture.md §6, docs/architecture.md §9 "one feature, one file"): where it applies, which page controls take
 * which card field ahead of the generic classifier, and the site's quirks. Everything not named here is left to
 * the generic classifier, so a profile stays short and a markup change degrades to generic filling.
 */
export interface SiteProfile {
  id: string;
  /** Human name for the popup. */
  name: string;
  matches(url: URL): boolean;
  /** CSS selectors of controls that take a field, checked before the generic classifier. */
  fields?: Partial<Record<FieldKind, string>>;
  /** Controls never to fill on this site (CSS selectors). */
  ignore?: string[];
  /** Country option values that are not ISO on this site: alpha-2 → the site's value. */
  nationalityValues?: Record<string, string>;
  /** A document-type option for cards the generic option matching finds no option for. */
  documentTypeFallback?(card: CardRecord, options: ChoiceOption[]): ChoiceOption | null;
  /**
   * The registrable host names the profile serves (a name covers its subdomains), e.g. `12306.cn`. The one list
   * of sites: the manifest's host permissions, the default site list and the permission allow-list derive from
   * the profiles' hosts (src/sites/index.ts).
   */
  hosts: readonly string[];
  /** The fixture page that reproduces the form (test/fixtures/pages/…). */
  fixture: string;
  /** Real addresses the profile applies to (test/fill/sites.test.ts checks that `matches` takes each). */
  testUrls: readonly string[];
}

/** How the engine finds the profile of a page: the caller passes the registry in (src/sites/index.ts siteProfileFor). */
export type SiteLookup = (url: URL) => SiteProfile | null;
