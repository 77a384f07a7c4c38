import type { ControlType, FieldCues } from '../classifier.js';
import type { ChoiceOption } from '../types.js';

/** One fillable thing on the page, as a driver sees it. Lives only in the engine's in-memory registry. */
export interface Control {
  driver: Driver;
  /** The native control or the widget's root element. */
  element: Element;
  /** What the person sees; visibility and coverage are checked on it. */
  surface: Element;
  control: ControlType;
  cues: FieldCues;
  /** The label a person sees, for the plan. */
  label: string;
  /** Options, when the control is a list whose options are in the DOM (null = only known after opening). */
  options: ChoiceOption[] | null;
  disabled: boolean;
  readonly: boolean;
  /** Whether the driver writes it through the widget's own UI (so readonly on an inner input does not matter). */
  widget: boolean;
  /** Extra members (radios of a group) used for the coverage check. */
  members?: Element[];
}

export type WriteValue = { kind: 'text'; text: string } | { kind: 'option'; option: ChoiceOption };

export interface Driver {
  name: string;
  /** Controls of this kind under root. Elements the driver handles are added to `claimed` so others skip them. */
  find(root: Document | ShadowRoot, claimed: Set<Element>): Control[];
  /** Write through the page's own event path (prototype setter + events, or the widget's clicks). */
  write(c: Control, v: WriteValue): Promise<void>;
  /** The value the page now shows, comparable with the written one (option value, or text). */
  read(c: Control): string;
  /** Options that become known only after opening (custom dropdowns). */
  loadOptions?(c: Control, hints?: string[]): Promise<ChoiceOption[]>;
}

/** Wait helper shared by the drivers. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
