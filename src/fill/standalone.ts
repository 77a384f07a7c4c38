/**
 * Standalone build of the engine: `globalThis.CardFillEngine = { plan(card), fill(plan), forget() }` over the
 * current document, so the engine can be scripted on any page for checks and benchmarks. It carries the same
 * never-list and write gate as the extension (SECURITY.md P3): the DOM getters it reads are captured when this
 * script loads, so form controls named `parentElement`, `shadowRoot` … cannot steer it; a page that rewrites the
 * DOM prototypes *before* it loads is out of its reach (the extension runs in an isolated world instead).
 * Built with: npx esbuild src/fill/standalone.ts --bundle --format=iife --outfile=dist/fill-engine.js
 */
import type { CardRecord } from '../card/record.js';
import type { LatinName } from '../card/latin-name.js';
import { siteProfileFor } from '../sites/index.js';
// Every widget driver: this build runs on any page (the extension loads them only where needed).
import './drivers/all.js';
import { executeFill, forgetPlans, planFill } from './engine.js';
import type { FillPlan, FillReport } from './types.js';

const CardFillEngine = {
  /** The plan as plain JSON; `latinName` is what the popup derives for a card with only a Chinese name. */
  plan(card: CardRecord, latinName: LatinName | null = null): FillPlan {
    return JSON.parse(JSON.stringify(planFill(card, { sites: siteProfileFor, latinName }))) as FillPlan;
  },
  fill(plan: FillPlan): Promise<FillReport> {
    return executeFill(plan);
  },
  /** Drop every plan this page holds (the values to write); returns how many there were. */
  forget(): number {
    return forgetPlans();
  },
};

(globalThis as unknown as { CardFillEngine: typeof CardFillEngine }).CardFillEngine = CardFillEngine;
