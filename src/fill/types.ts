/**
 * Shapes shared by the fill engine, the extension and the popup (docs/architecture.md §6).
 * FillPlan and FillReport cross the content-script ↔ popup boundary, so they are plain JSON.
 */

/** The card facts a form can ask for. Split names/dates are separate kinds so each control gets one value. */
export type FieldKind =
  | 'fullName'
  | 'nameZh'
  | 'nameEn'
  | 'surnameEn'
  | 'givenNameEn'
  | 'documentType'
  | 'documentNumber'
  | 'sex'
  | 'birthDate'
  | 'birthYear'
  | 'birthMonth'
  | 'birthDay'
  | 'nationality'
  | 'ethnicity'
  | 'address'
  | 'issuer'
  | 'validFrom'
  | 'validUntil'
  | 'passNumber'
  | 'issueCount';

export const FIELD_KINDS: readonly FieldKind[] = [
  'fullName',
  'nameZh',
  'nameEn',
  'surnameEn',
  'givenNameEn',
  'documentType',
  'documentNumber',
  'sex',
  'birthDate',
  'birthYear',
  'birthMonth',
  'birthDay',
  'nationality',
  'ethnicity',
  'address',
  'issuer',
  'validFrom',
  'validUntil',
  'passNumber',
  'issueCount',
];

export interface FillPlanItem {
  id: string;
  field: FieldKind;
  /** What the person sees on the page next to the control. */
  label: string;
  /** What will be written, as the person will see it on the page (option text for lists). */
  value: string;
  /** Default true; the popup lets the person switch items off before filling. */
  enabled: boolean;
  /**
   * True when the control is not shown yet and the page is expected to reveal it after the document
   * type is chosen (12306 shows birth/sex/country rows only then). Written only if it becomes visible.
   */
  afterDocumentType?: boolean;
  /** True when a site rule the person (or policy) taught chose this control, not the classifier. */
  taught?: boolean;
  /**
   * True when the value is derived rather than read from the card: a Latin name romanised (pinyin) from the
   * Chinese name. The popup marks it; the person can change it like any other value.
   */
  derived?: boolean;
}

/**
 * A field taught for one site (extension/shared/site-rules.ts): the control the selector matches is
 * that card field, or is never filled. Selectors only — a rule never holds a value.
 */
export interface SiteRule {
  selector: string;
  field: FieldKind | 'never';
}

export interface FillRefusal {
  label: string;
  reason: string;
}

export interface FillPlan {
  planId: string;
  url: string;
  /** Site profile id, or null when the generic classifier planned the page. */
  site: string | null;
  items: FillPlanItem[];
  /** Fields found but never to be written (hidden, covered, disabled, password, cross-origin …). */
  refused: FillRefusal[];
  /**
   * True when the page has Latin-name fields and the card has only a Chinese name but no Latin name was given:
   * the popup then loads the romaniser and plans again with one (src/fill/README.md "Latin names").
   */
  latinNameWanted?: boolean;
}

export interface FilledEntry {
  id: string;
  field: FieldKind;
  label: string;
  value: string;
}
export interface SkippedEntry {
  id: string;
  field: FieldKind;
  label: string;
  reason: string;
}
export interface RevertedEntry {
  id: string;
  field: FieldKind;
  label: string;
  value: string;
  now: string;
}

export interface FillReport {
  filled: FilledEntry[];
  skipped: SkippedEntry[];
  /** Re-read ~300 ms after filling and found changed back by the page. */
  reverted: RevertedEntry[];
}

/** One option of a list-like control (native select, radio group, custom dropdown). */
export interface ChoiceOption {
  value: string;
  text: string;
  /** Position in a radio group: 12306 gives two sub-choices the same value 1 (docs/target-forms.md §2.3). */
  index?: number;
}
