/**
 * Standalone build of the engine: `globalThis.CardFillEngine = { plan(card), fill(plan) }` over the
 * current document, so the engine can be scripted on any page for checks and benchmarks.
 * Built with: npx esbuild src/fill/standalone.ts --bundle --format=iife --outfile=dist/fill-engine.js
 */
import type { CardRecord } from '../card/record.js';
import { siteProfileFor } from '../sites/index.js';
// Every widget driver: this build runs on any page (the extension loads them only where needed).
import './drivers/all.js';
import { executeFill, planFill } from './engine.js';
import type { FillPlan, FillReport } from './types.js';
import type { LatinName } from '../card/latin-name.js';

const CardFillEngine = {
  /** The plan as plain JSON; `latinName` is what the popup derives for a card with only a Chinese name. */
  plan(card: CardRecord, latinName: LatinName | null = null): FillPlan {
    return JSON.parse(JSON.stringify(planFill(card, { sites: siteProfileFor, latinName }))) as FillPlan;
  },
  fill(plan: FillPlan): Promise<FillReport> {
    return executeFill(plan);
  },
};

(globalThis as unknown as { CardFillEngine: typeof CardFillEngine }).CardFillEngine = CardFillEngine;
