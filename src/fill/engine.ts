/**
 * The fill engine (docs/architecture.md §6): scan the page, classify controls, format the card's facts for each, and
 * produce a plan the person reviews; then write only approved items, document type first, and report.
 * Elements live only in this in-memory registry (never marked in the page's DOM, which the page could read).
 */
import type { CardRecord } from '../card/record.js';
import type { SiteLookup, SiteProfile } from './profile.js';
import { classifyField, decideForm, sectionForbids, type Classification } from './classifier.js';
import { detectDateFormat, fieldOption, fieldText, latinFieldText } from './format.js';
import type { LatinName } from '../card/latin-name.js';
import { hasHan } from './text.js';
import { LIST_FIELDS } from './plan-edits.js';
import type { FieldKind, FillPlan, FillPlanItem, FillRefusal, FillReport, ChoiceOption, SiteRule } from './types.js';
import { coverageAllies, problemOf, scanPage, type ScannedControl } from './scan.js';
import type { Control, WriteValue } from './drivers/types.js';
import { sleep } from './drivers/types.js';
import { composedParent, inputTypeOf, liftBatchKey, matchesSel, notViewable, withLiftBatch } from './visibility.js';
import { isLoopbackHost } from './loopback.js';
import { WriteRefused, beginFill, endFill, withWriteContext, type WriteContext } from './write-gate.js';
import { waitForSettle } from './settle.js';
import { labelsOf, sectionOf, withLabelIndex } from './labels.js';

export type { FillPlan, FillPlanItem, FillReport, FillRefusal, FieldKind, SiteRule } from './types.js';

/** Fill order of docs/target-forms.md §9: document type, number, name, sex/birth/country, validity. */
const ORDER: FieldKind[] = [
  'documentType',
  'documentNumber',
  'fullName',
  'nameZh',
  'nameEn',
  'surnameEn',
  'givenNameEn',
  'sex',
  'birthYear',
  'birthMonth',
  'birthDay',
  'birthDate',
  'nationality',
  'ethnicity',
  'address',
  'issuer',
  'validFrom',
  'validUntil',
  'passNumber',
  'issueCount',
];
/** Date fields: a readonly calendar input (12306 jcalendar, My97) is still written (reference §9). */
const DATE_FIELDS = new Set<FieldKind>(['birthDate', 'validFrom', 'validUntil']);
/** How long to wait for rows the page reveals after the document type changes (bounded; reference §2.5). */
const DEPENDENT_ROWS_WAIT_MS = 2000;
/** The page may rewrite a value (input masks, watchers); re-read after this long. */
const REREAD_AFTER_MS = 300;
/** How long a field that was visible at plan time may stay covered (a closing dropdown) before it is skipped. */
const COVER_SETTLE_MS = 2000;
/**
 * At most this many controls that classify as card fields get the costly never-list checks (computed style up the
 * ancestors, geometry, elementFromPoint). A real form has a few dozen; this bounds the work on a hostile page that
 * labels thousands of controls 姓名. (The scan used to cap all controls at 400 before classifying: scan.ts.)
 */
const MAX_CHECKED = 400;
/** Page-written text (labels, option texts, values the page wrote back) is shown at most this long. */
export const MAX_PAGE_TEXT = 80;

/** Page-written text as the plan and the report show it: one line, at most MAX_PAGE_TEXT characters. */
export function capText(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  const chars = Array.from(one);
  return chars.length > MAX_PAGE_TEXT ? `${chars.slice(0, MAX_PAGE_TEXT - 1).join('')}…` : one;
}

/**
 * What choosing an option later needs of the card: only the facts of this one field (values, never a closure
 * over the card, so nothing else of the card stays reachable from a plan: SECURITY.md P9).
 */
interface ChooseData {
  facts: Partial<CardRecord>;
  field: FieldKind;
  nationalityValues?: Record<string, string>;
  fallback: boolean;
}

/** The plan's reason for a value longer than the field's maxlength (never truncated). */
export const TOO_LONG = 'too long for this field';

interface Entry {
  control: Control;
  field: FieldKind;
  write: WriteValue | null;
  /** For widgets whose options are known only after opening: what chooses the option then. */
  choose?: ChooseData;
  display: string;
  /** Texts to search a searchable widget list for (the display text and other names of the same thing). */
  hints?: string[];
  pending: boolean;
}
interface Registered {
  url: string;
  entries: Map<string, Entry>;
  profile: SiteProfile | null;
}

const registry = new Map<string, Registered>();
const MAX_PLANS = 4;
/**
 * docs/architecture.md §7: card data is short-lived. A plan (which holds the values to write) is used once and otherwise
 * forgotten after the default card lifetime of 2 minutes.
 */
const PLAN_TTL_MS = 120_000;

function newPlanId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `plan-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function pageLang(doc: Document, c: Classification): 'zh' | 'en' {
  if (c.lang === 'en' && c.source !== 'attribute') return 'en';
  if (c.source === 'attribute' || c.source === 'autocomplete') {
    const lang = (doc.documentElement.getAttribute('lang') ?? '').toLowerCase();
    if (lang.startsWith('en')) return 'en';
    if (lang.startsWith('zh')) return 'zh';
    return hasHan(doc.body?.innerText?.slice(0, 2000) ?? '') ? 'zh' : 'en';
  }
  return c.lang;
}

function classify(sc: ScannedControl, profile: SiteProfile | null): Classification | null {
  const { control } = sc;
  if (profile?.ignore?.some((s) => control.element.matches(s) || control.surface.matches(s))) return null;
  // A password field that looks like a card field is reported as refused, never filled.
  if (control.control === 'password') return classifyField({ ...control.cues, control: 'text' });
  if (profile?.fields) {
    for (const [field, sel] of Object.entries(profile.fields) as [FieldKind, string][]) {
      if (control.element.matches(sel) || control.surface.matches(sel)) {
        return { field, source: 'label', lang: 'zh', cue: control.label };
      }
    }
  }
  return classifyField(control.cues);
}

/**
 * Classify every scanned control, then make the decisions that need the whole form (classifier.ts `decideForm`:
 * a bare "Name" beside a surname field is the given name, a structured postal address takes no card address, split
 * dates). Only controls that classify as card fields pay for the section check (payment / contact-person blocks).
 */
function classifyAll(controls: ScannedControl[], profile: SiteProfile | null): (Classification | null)[] {
  const first = controls.map((sc) => classify(sc, profile));
  const members = controls.map((sc, i) => {
    const c = sc.control;
    let cls = first[i] ?? null;
    if (cls && !isProfileField(c, profile) && sectionForbids(sectionOf(c.surface))) cls = null;
    // The option list of another widget's dropdown (男/女 items of a select) is that widget's, not a control.
    if (cls && c.surface.closest(DROPDOWN_LIST)) cls = null;
    // A region picker (cascader) holds province/city/district, not the card's one-line address.
    if (cls?.field === 'address' && c.surface.closest(REGION_PICKER)) cls = null;
    return {
      cls,
      cues: c.cues,
      form: (c.surface.closest('form') ?? c.surface.getRootNode()) as unknown,
      group: c.surface.parentElement as unknown,
    };
  });
  return decideForm(members);
}

const DROPDOWN_LIST = '.el-select-dropdown, .ant-select-dropdown, .el-cascader-panel, .layui-anim-upbit';
const REGION_PICKER = '.el-cascader, .ant-cascader, .ant-select-cascader, .layui-cascader, .van-cascader';

/** A field that takes a Latin name (or a Chinese name part split with it). */
function wantsLatinName(cls: Classification): boolean {
  return (
    cls.field === 'nameEn' ||
    cls.field === 'surnameEn' ||
    cls.field === 'givenNameEn' ||
    (cls.field === 'fullName' && cls.script === 'latin')
  );
}

function isProfileField(c: Control, profile: SiteProfile | null): boolean {
  return !!profile?.fields && Object.values(profile.fields).some((sel) => !!sel && (c.element.matches(sel) || c.surface.matches(sel)));
}

/** Values for one control, or null when the card has nothing for it / the list has no fitting option. */
function valueFor(
  card: CardRecord,
  field: FieldKind,
  c: Control,
  cls: Classification,
  profile: SiteProfile | null,
  latin: LatinName | null,
):
  | { write: WriteValue | null; choose?: Entry['choose']; display: string; hints?: string[]; derived?: boolean }
  | 'no-option'
  | 'too-long'
  | null {
  const lang = pageLang(c.element.ownerDocument, cls);
  const listLike = c.control === 'select' || c.control === 'radio';
  if (listLike) {
    const choose: ChooseData = {
      facts: factsFor(card, field),
      field,
      nationalityValues: profile?.nationalityValues,
      fallback: field === 'documentType',
    };
    if (c.options) {
      if (fieldText(card, field, { lang }) === null && field !== 'birthYear' && field !== 'birthMonth' && field !== 'birthDay') return null;
      const o = chooseOption(choose, c.options, profile);
      // The day list is rebuilt after year and month are set (reference §9): a day missing now is looked for then.
      if (!o && field === 'birthDay') {
        const day = fieldText(card, field, { lang });
        return day === null ? null : { write: null, choose, display: day, hints: [day] };
      }
      if (!o) return 'no-option';
      return { write: { kind: 'option', option: o }, display: o.text || o.value };
    }
    const text = fieldText(card, field, { lang });
    if (text === null) return null;
    // A list that is not a choice field (a select shell labelled 证件号码) is never searched with card data.
    if (!LIST_FIELDS.has(field)) return 'no-option';
    const hints = [text, ...searchHints(card, field)].filter((h, i, a) => h && a.indexOf(h) === i);
    return { write: null, choose, display: text, hints };
  }
  const el = c.element as HTMLInputElement;
  // Latin names (src/fill/README.md "Latin names"): the chip's English name, or pinyin derived from the Chinese name.
  const latinText = latinFieldText(card, field, latin, { lang, script: cls.script, hints: [c.cues.placeholder, ...c.cues.labels] });
  if (latinText !== undefined) {
    if (latinText === null) return null;
    return fitLength(el, { write: { kind: 'text' as const, text: latinText.text }, display: latinText.text, derived: latinText.derived });
  }
  const nativeDate = c.control === 'date';
  const dateFormat = detectDateFormat([
    el.getAttribute('placeholder'),
    el.getAttribute('data-format'),
    el.getAttribute('pattern'),
    el.value,
    ...c.cues.labels,
  ]);
  const text = fieldText(card, field, { lang, dateFormat, nativeDate });
  if (text === null) return null;
  return fitLength(el, { write: { kind: 'text' as const, text }, display: text });
}

/** A value longer than the field's maxlength is not cut: the plan says it is too long (the person decides). */
function fitLength<T extends { display: string }>(el: HTMLInputElement, v: T): T | 'too-long' {
  const max = el.maxLength;
  return typeof max === 'number' && max > 0 && [...v.display].length > max ? 'too-long' : v;
}

/** The facts of the card one list field needs to choose its option. */
function factsFor(card: CardRecord, field: FieldKind): Partial<CardRecord> {
  switch (field) {
    case 'documentType':
      return { kind: card.kind, region: card.region, number: card.number.slice(0, 2) } as Partial<CardRecord>;
    case 'sex':
      return { sex: card.sex } as Partial<CardRecord>;
    case 'nationality':
      return { nationality: card.nationality } as Partial<CardRecord>;
    case 'ethnicity':
      return { ethnicity: card.ethnicity } as Partial<CardRecord>;
    case 'birthYear':
    case 'birthMonth':
    case 'birthDay':
      return { birthDate: card.birthDate } as Partial<CardRecord>;
    default:
      return {};
  }
}

function chooseOption(d: ChooseData, options: ChoiceOption[], profile: SiteProfile | null): ChoiceOption | null {
  const facts = d.facts as CardRecord;
  if (
    d.field !== 'documentType' &&
    d.field !== 'sex' &&
    d.field !== 'nationality' &&
    d.field !== 'ethnicity' &&
    !/^birth(Year|Month|Day)$/.test(d.field)
  )
    return null;
  let o = fieldOption(facts, d.field, options, d.nationalityValues);
  if (!o && d.fallback && profile?.documentTypeFallback) o = profile.documentTypeFallback(facts, options);
  return o;
}

/** Other words a searchable list may use for the same fact (English country name, short document names). */
function searchHints(card: CardRecord, field: FieldKind): string[] {
  if (field === 'nationality' && card.nationality)
    return [card.nationality.nameZh ?? '', card.nationality.nameEn ?? '', card.nationality.alpha3];
  if (field === 'documentType') {
    if (card.kind === 'resident') return ['身份证'];
    if (card.kind === 'hmt-residence-permit') return ['居住证'];
    return ['永久居留', '永居'];
  }
  if (field === 'ethnicity' && card.ethnicity?.nameZh) return [card.ethnicity.nameZh.replace(/族$/, '')];
  return [];
}

/** One control as the classifier sees it, for scripts/classifier-report.mjs (no card data involved). */
export interface InspectedControl {
  key: string;
  label: string;
  field: FieldKind | null;
  problem: string | null;
}

/** Scan and classify the page without a card: what each control would be taken for. `sites` is the site registry. */
export function inspectPage(doc: Document, sites: SiteLookup): { site: string | null; controls: InspectedControl[] } {
  let profile: SiteProfile | null = null;
  try {
    profile = sites(new URL(doc.location?.href ?? doc.URL));
  } catch {
    profile = null;
  }
  return withLabelIndex(() => {
    const scan = scanPage(doc);
    const classes = classifyAll(scan.controls, profile);
    return {
      site: profile?.id ?? null,
      controls: scan.controls.map((sc, i) => {
        const el = sc.control.element;
        // Framework-generated names/ids (React useId, Element Plus) change between loads: key those by label.
        const name = el.getAttribute('name');
        const key = name && !/^(_r_|:r|el-id-|rc_)/.test(name) ? name : `label:${displayLabel(sc.control.label)}`;
        return { key, label: displayLabel(sc.control.label), field: classes[i]?.field ?? null, problem: problemOf(sc) };
      }),
    };
  });
}

/** Each scanned control with its page elements and the field it is taken for (scripts/classifier-report.mjs). */
export function inspectElements(
  doc: Document,
  sites: SiteLookup,
): { elements: Element[]; field: FieldKind | null; problem: string | null; label: string }[] {
  let profile: SiteProfile | null = null;
  try {
    profile = sites(new URL(doc.location?.href ?? doc.URL));
  } catch {
    profile = null;
  }
  return withLabelIndex(() => {
    const scan = scanPage(doc);
    const classes = classifyAll(scan.controls, profile);
    return scan.controls.map((sc, i) => ({
      elements: controlElements(sc.control),
      field: classes[i]?.field ?? null,
      problem: problemOf(sc),
      label: displayLabel(sc.control.label),
    }));
  });
}

function controlElements(c: Control): Element[] {
  return [c.element, c.surface, ...(c.members ?? [])];
}

/** Plan with the real engine and return each planned item with the page elements it would write (tests, report). */
export function inspectPlan(
  card: CardRecord,
  doc: Document,
  sites: SiteLookup,
  latinName: LatinName | null = null,
): { plan: FillPlan; targets: Record<string, Element[]> } {
  const plan = planFill(card, { sites, root: doc, latinName });
  const reg = registry.get(plan.planId);
  const targets: Record<string, Element[]> = {};
  for (const [id, e] of reg?.entries ?? []) targets[id] = controlElements(e.control);
  return { plan, targets };
}

/** How a plan is made: the site registry (`sites`, the caller's, e.g. src/sites siteProfileFor) and the document. */
export interface PlanOptions {
  sites: SiteLookup;
  root?: Document;
  /** Fields taught for this site: they override the profile and the classifier ("never" removes a control). */
  siteRules?: readonly SiteRule[];
  /**
   * The caller checked that this http page is an intranet origin on the site list (the extension's
   * fill controller); without it, http pages other than this computer's are refused.
   */
  allowHttp?: boolean;
  /**
   * The holder's Latin name when the card has only a Chinese one (pinyin, computed outside the content script:
   * src/card/latin-name.ts, src/fill/README.md "Latin names"). I/Y cards carry their English name; it wins.
   */
  latinName?: LatinName | null;
}

/** The site rule that names this control, if any; a selector the page cannot parse matches nothing. */
function ruleFor(control: Control, rules: readonly SiteRule[] | undefined): SiteRule | null {
  if (!rules?.length) return null;
  // A payment control (autocomplete cc-*) is never card data, whatever a rule says; "never" still applies.
  const payment = /\bcc-/.test(control.element.getAttribute('autocomplete') ?? '');
  for (const rule of rules) {
    if (payment && rule.field !== 'never') continue;
    try {
      if (control.element.matches(rule.selector) || control.surface.matches(rule.selector)) return rule;
    } catch {
      // Invalid selector (e.g. a hand-written policy rule): ignored.
    }
  }
  return null;
}

/** Plan a fill of the card into the current page. Nothing is written. */
export function planFill(fullCard: CardRecord, options: PlanOptions): FillPlan {
  // One label index for the whole plan (labels.ts): the scan and partLabel share it.
  return withLabelIndex(() => makePlan(fullCard, options));
}

function makePlan(fullCard: CardRecord, options: PlanOptions): FillPlan {
  const doc = options.root ?? document;
  // The plan keeps only what it may write; the photo never stays in the page's process.
  const card: CardRecord = { ...fullCard, photo: null };
  const url = doc.location?.href ?? doc.URL;
  const planId = newPlanId();
  const items: FillPlanItem[] = [];
  const refused: FillRefusal[] = [];
  const entries = new Map<string, Entry>();
  let profile: SiteProfile | null = null;
  try {
    profile = options.sites(new URL(url));
  } catch {
    profile = null;
  }

  const plan: FillPlan = { planId, url, site: profile?.id ?? null, items, refused };
  let u: URL | null = null;
  try {
    u = new URL(url);
  } catch {
    /* about:blank and the like */
  }
  if (u && u.protocol === 'http:' && !isLoopbackHost(u.hostname) && !options.allowHttp) {
    refused.push({ label: u.host, reason: 'page is not secure (http:)' });
    remember(planId, url, entries, profile);
    return plan;
  }

  const scan = scanPage(doc);
  refused.push(...scan.refusedFrames);
  const taken = new Set<FieldKind>();
  const latin = options.latinName ?? null;
  const candidates: { sc: ScannedControl; cls: Classification }[] = [];
  const taught = new Set<ScannedControl>();
  const classes = classifyAll(scan.controls, profile);
  for (let i = 0; i < scan.controls.length && candidates.length < MAX_CHECKED; i++) {
    const sc = scan.controls[i]!;
    const rule = ruleFor(sc.control, options.siteRules);
    if (rule?.field === 'never') continue;
    // A taught field's language (which name goes into a full-name box) follows the page, as for attribute cues.
    const cls: Classification | null = rule
      ? { field: rule.field, source: 'attribute', lang: 'zh', cue: sc.control.label }
      : (classes[i] ?? null);
    if (rule) taught.add(sc);
    if (cls) candidates.push({ sc, cls });
  }
  // Visible controls first, so a hidden duplicate never takes a field a visible control has. Only card-field
  // candidates pay for the never-list checks (problemOf), so they cost the same wherever the rows are on the page.
  const problems = new Map<(typeof candidates)[number], string | null>();
  // One lift sheet for the whole plan's hit tests (visibility.ts), not one per control.
  withLiftBatch(
    () => {
      for (const c of candidates) {
        liftBatchKey(c);
        problems.set(c, problemOf(c.sc));
      }
    },
    (key, problem) => {
      const c = key as (typeof candidates)[number];
      if (!problems.get(c)) {
        problems.set(c, problem);
        c.sc.problem = problem;
      }
    },
  );
  // A taught control takes its field before any control the classifier guessed for the same field.
  candidates.sort((a, b) => Number(!!problems.get(a)) - Number(!!problems.get(b)) || Number(taught.has(b.sc)) - Number(taught.has(a.sc)));
  let n = 0;
  const pendingCandidates: typeof candidates = [];
  for (const cand of candidates) {
    const { sc, cls } = cand;
    const c = sc.control;
    const label = partLabel(c, cls.field, displayLabel(c.label || cls.cue));
    if (c.control === 'password') {
      refused.push({ label, reason: 'password field' });
      continue;
    }
    if (c.disabled || matchesSel(c.element, ':disabled')) {
      refused.push({ label, reason: 'disabled' });
      continue;
    }
    if (c.readonly && !c.widget && !DATE_FIELDS.has(cls.field)) {
      refused.push({ label, reason: 'read-only' });
      continue;
    }
    const problem = problems.get(cand);
    if (problem) {
      if (problem === 'hidden' && !sc.frameProblem) pendingCandidates.push(cand);
      else refused.push({ label, reason: problem });
      continue;
    }
    // Only the document type may be set on several controls: 12306 registration has a select and sub-choice radios.
    if (taken.has(cls.field) && cls.field !== 'documentType') continue;
    const v = valueFor(card, cls.field, c, cls, profile, latin);
    if (v === null) {
      if (!latin && card.nameZh && !card.nameEn && wantsLatinName(cls)) plan.latinNameWanted = true;
      continue;
    }
    if (v === 'no-option') {
      refused.push({ label, reason: 'no option for this card' });
      continue;
    }
    if (v === 'too-long') {
      refused.push({ label, reason: TOO_LONG });
      continue;
    }
    taken.add(cls.field);
    const id = `f${++n}`;
    entries.set(id, { control: c, field: cls.field, write: v.write, choose: v.choose, display: v.display, hints: v.hints, pending: false });
    items.push({
      id,
      field: cls.field,
      label,
      value: v.display,
      enabled: true,
      ...(taught.has(sc) ? { taught: true } : {}),
      ...(v.derived ? { derived: true } : {}),
    });
  }
  // Hidden controls: the page may reveal them once the document type is chosen (12306 birth/sex/country rows).
  // They are written only if they are visible by then; otherwise they are refused as hidden.
  const planned = new Set(items.map((i) => i.field));
  for (const { sc, cls } of pendingCandidates) {
    const c = sc.control;
    const label = displayLabel(c.label || cls.cue);
    if (!planned.has('documentType') || (taken.has(cls.field) && cls.field !== 'documentType')) {
      refused.push({ label, reason: 'hidden' });
      continue;
    }
    const v = valueFor(card, cls.field, c, cls, profile, latin);
    if (v === null) {
      if (!latin && card.nameZh && !card.nameEn && wantsLatinName(cls)) plan.latinNameWanted = true;
      continue;
    }
    if (v === 'no-option') {
      refused.push({ label, reason: 'no option for this card' });
      continue;
    }
    if (v === 'too-long') {
      refused.push({ label, reason: TOO_LONG });
      continue;
    }
    taken.add(cls.field);
    const id = `f${++n}`;
    entries.set(id, { control: c, field: cls.field, write: v.write, choose: v.choose, display: v.display, hints: v.hints, pending: true });
    items.push({
      id,
      field: cls.field,
      label,
      value: v.display,
      enabled: true,
      afterDocumentType: true,
      ...(taught.has(sc) ? { taught: true } : {}),
      ...(v.derived ? { derived: true } : {}),
    });
  }
  items.sort((a, b) => ORDER.indexOf(a.field) - ORDER.indexOf(b.field));
  remember(planId, url, entries, profile);
  return plan;
}

/** How long the browser's occlusion signal is waited for (IntersectionObserver v2 needs a painted frame). */
const OCCLUSION_WAIT_MS = 400;

/**
 * The browser's own occlusion signal as a further "no" (SECURITY.md P3): Chromium's IntersectionObserver v2
 * (`trackVisibility`) says `isVisible: false` when anything may be drawn over a target, or when it is faded,
 * filtered or transformed. That is conservative, so it is asked only about native text boxes, lists and text
 * areas on screen whose own chain has none of those (a refusal then means something is drawn over them); a
 * browser without it, or no answer in time, changes nothing. Items it refuses move to the plan's refused list.
 */
export async function refineWithOcclusion(plan: FillPlan): Promise<FillPlan> {
  const reg = registry.get(plan.planId);
  const IO = (globalThis as { IntersectionObserver?: typeof IntersectionObserver }).IntersectionObserver;
  if (!reg || !IO) return plan;
  // A page the browser is not drawing (a background tab, a minimised window) is "not visible" to the observer
  // whatever covers it: there the observer cannot tell covers apart, and the never-list's own checks decide.
  const doc = (globalThis as { document?: Document }).document;
  if (doc && doc.visibilityState !== 'visible') return plan;
  const asked = new Map<Element, string>();
  for (const item of plan.items) {
    const c = reg.entries.get(item.id)?.control;
    if (!c || c.widget || !/^(text|textarea|select|date)$/.test(c.control)) continue;
    if (c.surface !== c.element || !plainChain(c.surface)) continue;
    asked.set(c.surface, item.id);
  }
  if (asked.size === 0) return plan;
  const refusedIds = new Set<string>();
  let supported = true;
  await new Promise<void>((resolve) => {
    let obs: IntersectionObserver;
    try {
      obs = new IO(
        (entries) => {
          for (const e of entries) {
            const v = (e as IntersectionObserverEntry & { isVisible?: boolean }).isVisible;
            if (v === undefined) {
              supported = false;
              continue;
            }
            const id = asked.get(e.target);
            if (id && e.isIntersecting && e.intersectionRatio > 0.99 && v === false) refusedIds.add(id);
            if (id && v === true) refusedIds.delete(id);
          }
        },
        { trackVisibility: true, delay: 100 } as IntersectionObserverInit,
      );
    } catch {
      resolve();
      return;
    }
    for (const el of asked.keys()) obs.observe(el);
    setTimeout(() => {
      obs.disconnect();
      resolve();
    }, OCCLUSION_WAIT_MS);
  });
  if (!supported || refusedIds.size === 0) return plan;
  for (const id of refusedIds) {
    const i = plan.items.findIndex((x) => x.id === id);
    if (i < 0) continue;
    const [item] = plan.items.splice(i, 1);
    reg.entries.delete(id);
    plan.refused.push({ label: item!.label, reason: 'covered by another element' });
  }
  return plan;
}

/** No opacity, filter, transform or mask on the element or its ancestors (IntersectionObserver v2 would say no). */
function plainChain(el: Element): boolean {
  const w = el.ownerDocument.defaultView;
  if (!w) return false;
  for (let cur: Element | null = el; cur; cur = composedParent(cur)) {
    const cs = w.getComputedStyle(cur);
    if (cs.opacity !== '1' || cs.filter !== 'none' || cs.transform !== 'none' || (cs.maskImage && cs.maskImage !== 'none')) return false;
  }
  return true;
}

/** A split date's parts are labelled 年 / 月 / 日: show them with the group's label (出生日期 · 月). */
function partLabel(c: Control, field: FieldKind, label: string): string {
  if (!/^birth(Year|Month|Day)$/.test(field)) return label;
  // A split date's part with no words of its own ("/" between two lists): name it by its part.
  if (!/\p{L}/u.test(label))
    return { birthYear: '出生年份 · Year', birthMonth: '出生月份 · Month', birthDay: '出生日 · Day' }[field as 'birthYear'];
  if (!/^(年|月|日|year|month|day)$/i.test(label)) return label;
  const group = c.surface.parentElement?.querySelector('select, input');
  const outer = group
    ? labelsOf(group)
        .map(displayLabel)
        .find((l) => !/^(年|月|日|year|month|day)$/i.test(l))
    : undefined;
  return outer ? `${outer} · ${label}` : label;
}

/** The label as a person reads it, without the required-field star and the trailing colon. */
export function displayLabel(label: string): string {
  return capText(
    label
      .replace(/^[\s*＊]+/, '')
      .replace(/[\s:：]+$/, '')
      .trim(),
  );
}

function remember(planId: string, url: string, entries: Map<string, Entry>, profile: SiteProfile | null) {
  registry.set(planId, { url, entries, profile });
  while (registry.size > MAX_PLANS) registry.delete(registry.keys().next().value as string);
  setTimeout(() => registry.delete(planId), PLAN_TTL_MS);
}

/**
 * Drop every plan this page holds (SECURITY.md P9): on Clear, lock, card removed, timeout and after a fill the
 * background tells each content side to call this. Plans hold values, never closures over the card, so once the
 * registry lets go nothing of the card is reachable from this script.
 */
export function forgetPlans(): number {
  const n = registry.size;
  registry.clear();
  return n;
}

/** How many plans this page holds (for tests). */
export function plansHeld(): number {
  return registry.size;
}

function currentUrl(doc: Document): string {
  return doc.location?.href ?? doc.URL;
}

/** What a driver's read() returns for an option: its value, or its position in a radio group. */
function rawOf(o: ChoiceOption): string {
  return o.index !== undefined ? `#${o.index}` : o.value;
}

function displayOf(c: Control, raw: string): string {
  const o = c.options?.find((x) => rawOf(x) === raw);
  return capText(o ? o.text || o.value : raw);
}

/** Write the approved items of a plan, then re-read them and report. Never submits anything. */
export async function executeFill(plan: FillPlan, options: { root?: Document } = {}): Promise<FillReport> {
  const doc = options.root ?? document;
  const report: FillReport = { filled: [], skipped: [], reverted: [] };
  const reg = registry.get(plan.planId);
  // One plan, one fill: the values leave this script's memory as soon as it is used.
  registry.delete(plan.planId);
  const skipAll = (reason: string) => {
    for (const i of plan.items) report.skipped.push({ id: i.id, field: i.field, label: i.label, reason });
    return report;
  };
  if (currentUrl(doc) !== plan.url) return skipAll('the page changed since the plan was made');
  if (!reg || reg.url !== plan.url) return skipAll('the plan is no longer valid on this page; plan again');

  beginFill();
  try {
    return await fillItems(plan, reg, doc, report);
  } finally {
    endFill();
  }
}

async function fillItems(plan: FillPlan, reg: Registered, doc: Document, report: FillReport): Promise<FillReport> {
  const items = [...plan.items].sort((a, b) => ORDER.indexOf(a.field) - ORDER.indexOf(b.field));
  const written: { item: FillPlanItem; entry: Entry; raw: string }[] = [];
  for (const item of items) {
    const entry = reg.entries.get(item.id);
    const skip = (reason: string) => report.skipped.push({ id: item.id, field: item.field, label: item.label, reason });
    if (!entry || entry.field !== item.field) {
      skip('unknown item');
      continue;
    }
    if (!item.enabled) {
      skip('switched off');
      continue;
    }
    if (currentUrl(doc) !== plan.url) {
      skip('the page changed while filling');
      continue;
    }
    const c = entry.control;
    const surface = c.surface;
    const allies = () => coverageAllies(c);
    // The check right before the write wants the field on screen: bring it in when any of it is not.
    if (
      surface.isConnected &&
      notViewable(surface, { strict: true, checkCovered: false }) !== null &&
      notViewable(surface, { checkCovered: false }) === null
    ) {
      surface.scrollIntoView({ block: 'center', inline: 'nearest' });
    }
    const viewProblem = () => {
      // Hit tests as the page is; the gate adds the ones with pointer-events lifted right before the write.
      const p = notViewable(surface, { strict: true, also: coverageAllies(c, true), lift: false });
      return p === 'covered by another element' ? notViewable(surface, { strict: true, also: allies(), lift: false }) : p;
    };
    let problem = viewProblem();
    // A widget's dropdown that is still closing (Element Plus fades its popper out; longer on a
    // busy machine) covers the next field for a moment. Give a transient cover time to go; a
    // field that stays covered is still skipped, and the check stays right before the write.
    for (const deadline = Date.now() + COVER_SETTLE_MS; problem === 'covered by another element' && Date.now() < deadline; ) {
      await sleep(50);
      problem = viewProblem();
    }
    if (problem) {
      skip(entry.pending && problem === 'hidden' ? 'the page did not show this field for this document type' : problem);
      continue;
    }
    const el = c.element as HTMLInputElement;
    if (!c.widget && matchesSel(el, ':disabled')) {
      skip('disabled');
      continue;
    }
    if (c.widget && matchesSel(c.element, ':disabled')) {
      skip('disabled');
      continue;
    }
    const type = inputTypeOf(el);
    if (type === 'password' || type === 'hidden' || type === 'file') {
      skip('password or hidden field');
      continue;
    }
    if (c.readonly && !c.widget && !DATE_FIELDS.has(entry.field)) {
      skip('read-only');
      continue;
    }

    const listLike = c.control === 'select' || c.control === 'radio';
    const ctx: WriteContext = {
      surface,
      allies: allies(),
      field: entry.field,
      list: listLike,
      reached: [],
      searchWords: listLike ? [...(entry.hints ?? [entry.display]), ...(c.options ?? []).map((o) => o.text)] : undefined,
    };
    const reachedNote = () => {
      const typed = ctx.reached.filter((r) => r.startsWith('typed'));
      return typed.length
        ? ` (the page’s search box received ${typed.map((t) => t.replace(/^typed /, '').replace(/ into .*$/, '')).join(', ')}, then was cleared)`
        : '';
    };
    // A widget's list popup may still be opening or closing (its animation runs late on a busy machine): a
    // refusal inside the popup, or a list that did not show the option, gets one more try after a pause. The
    // control itself is checked again by the gate on the second try.
    const attempt = async (): Promise<'done' | 'skipped'> => {
      let w = entry.write;
      await withWriteContext(ctx, async () => {
        if (!w && entry.choose && c.driver.loadOptions) {
          const opts = await c.driver.loadOptions(c, entry.hints ?? [entry.display]);
          c.options = opts;
          // The list's own option texts (the page wrote them) may be typed to find the chosen one.
          ctx.searchWords?.push(...opts.map((o) => o.text));
          const o = chooseOption(entry.choose, opts, reg.profile);
          if (o) w = { kind: 'option', option: o };
        }
      });
      if (!w) {
        skip(`no option for this card${reachedNote()}`);
        return 'skipped';
      }
      // The person may have edited a text value in the popup: write what the plan shows.
      if (w.kind === 'text' && item.value !== entry.display) {
        // A changed value is held to the field's maxlength like a planned one (never cut).
        if (fitLength(c.element as HTMLInputElement, { display: item.value }) === 'too-long') {
          skip(TOO_LONG);
          return 'skipped';
        }
        w = { kind: 'text', text: item.value };
      }
      if (w.kind === 'option' && item.value !== entry.display) {
        const o = c.options?.find((x) => x.text === item.value);
        if (!o) {
          skip('value not in the list');
          return 'skipped';
        }
        w = { kind: 'option', option: o };
      }
      const fin = w;
      const raw = fin.kind === 'option' ? rawOf(fin.option) : fin.text;
      if (c.driver.read(c) !== raw) await withWriteContext(ctx, () => c.driver.write(c, fin));
      written.push({ item, entry, raw });
      report.filled.push({
        id: item.id,
        field: item.field,
        label: item.label,
        value: capText(fin.kind === 'option' ? fin.option.text || fin.option.value : fin.text),
      });
      return 'done';
    };
    let outcome: 'done' | 'skipped' | 'failed' = 'failed';
    for (let round = 0; round < 2 && outcome === 'failed'; round++) {
      try {
        outcome = await attempt();
      } catch (e) {
        const retry = round === 0 && c.widget && (!(e instanceof WriteRefused) || e.transient);
        if (retry) {
          await sleep(400);
          continue;
        }
        skip(`${e instanceof WriteRefused ? e.reason : 'could not write this control'}${reachedNote()}`);
        outcome = 'skipped';
      }
    }
    if (outcome !== 'done') continue;
    const also = [c.element.ownerDocument.documentElement, c.element.getRootNode()];
    if (item.field === 'documentType') await waitForSettle(doc, { quietMs: 200, maxMs: DEPENDENT_ROWS_WAIT_MS, minMs: 100, also });
    // Year and month rebuild the day list, often on the page's next timer tick: give it longer.
    else if (item.field === 'birthYear' || item.field === 'birthMonth')
      await waitForSettle(doc, { quietMs: 150, maxMs: 1000, minMs: 150, also });
    else if (c.control === 'select' || c.widget) await waitForSettle(doc, { quietMs: 60, maxMs: 800, minMs: 20, also });
    else await sleep(0);
  }
  await sleep(REREAD_AFTER_MS);
  for (const { item, entry, raw } of written) {
    const now = entry.control.driver.read(entry.control);
    if (now !== raw) {
      const filled = report.filled.findIndex((f) => f.id === item.id);
      const value = filled >= 0 ? report.filled[filled]!.value : item.value;
      if (filled >= 0) report.filled.splice(filled, 1);
      report.reverted.push({ id: item.id, field: item.field, label: item.label, value, now: displayOf(entry.control, now) });
    }
  }
  // A fill ends every plan of this page: nothing of the card stays here for a second one.
  registry.clear();
  return report;
}
