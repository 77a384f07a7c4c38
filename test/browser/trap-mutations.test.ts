/**
 * The trap generator (test/security/trap-mutations.ts) against the fill engine in Chromium (SECURITY.md P3): each
 * run makes TRAP_PAGES pages of mutated traps from a seed — a new seed every run, or CARDFILL_TRAP_SEED to replay
 * one — plans and fills them through the standalone engine, and checks that no trap holds a value, that the two
 * visible fields and the one benign row were filled (so a refusal that is too eager fails too), and prints the
 * seed with any failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { FillPlan, FillReport } from '../../src/fill/types.js';
import { RESIDENT } from '../fill/cards.js';
import { buildEngine, launch, startFixtureServer } from '../fill/browser.js';
import { mutatedPage, rng, runSeed } from '../security/trap-mutations.js';

/** The budget of one run: pages × traps per page (CARDFILL_TRAP_PAGES raises it for a longer hunt, up to 500). */
const TRAP_PAGES = Math.min(500, Number(process.env['CARDFILL_TRAP_PAGES']) || 12);
const TRAPS_PER_PAGE = 5;

let browser: Browser;
let server: Awaited<ReturnType<typeof startFixtureServer>>;
let engine: string;
const seed = runSeed();

beforeAll(async () => {
  engine = await buildEngine();
  server = await startFixtureServer();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Engine = { CardFillEngine: { plan(c: unknown): FillPlan; fill(p: FillPlan): Promise<FillReport> } };

describe('mutated traps', () => {
  it(
    `${TRAP_PAGES} pages of ${TRAPS_PER_PAGE} generated traps: none is filled, the visible and benign fields are`,
    async () => {
      const r = rng(seed);
      const failures: string[] = [];
      for (let n = 0; n < TRAP_PAGES; n++) {
        const gen = mutatedPage(r, TRAPS_PER_PAGE);
        const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
        try {
          await page.goto(`${server.origin}/attacks/plain.html?mut=${n}`);
          await page.setContent(gen.html);
          await page.addScriptTag({ content: engine });
          const plan = await page.evaluate((card) => (globalThis as unknown as Engine).CardFillEngine.plan(card), RESIDENT);
          const report = await page.evaluate((p) => (globalThis as unknown as Engine).CardFillEngine.fill(p), plan);
          const values = await page.evaluate(() => (window as unknown as { __values(): Record<string, string> }).__values());
          const why = (name: string) => {
            const label = gen.traps.find((t) => t.name === name)?.label ?? gen.benign?.label;
            const skipped = report.skipped.find((s) => s.label === label)?.reason;
            const refused = plan.refused.find((s) => s.label === label)?.reason;
            return `plan: ${refused ?? 'planned'}, fill: ${skipped ?? 'written'}`;
          };
          for (const t of gen.traps) {
            if (values[t.name]) failures.push(`page ${n}: ${t.label} [${t.mutation.text}] holds "${values[t.name]}" (${why(t.name)})`);
          }
          if (values['shown_name'] !== RESIDENT.nameZh) failures.push(`page ${n}: the visible name was not filled`);
          if (values['shown_number'] !== RESIDENT.number) failures.push(`page ${n}: the visible number was not filled`);
          if (gen.benign && !values[gen.benign.name])
            failures.push(`page ${n}: benign ${gen.benign.label} [${gen.benign.mutation.text}] was refused (${why(gen.benign.name)})`);
        } finally {
          await page.close();
        }
      }
      expect(failures, `CARDFILL_TRAP_SEED=${seed}\n${failures.join('\n')}`).toEqual([]);
    },
    60_000 + TRAP_PAGES * 20_000,
  );
});
