/**
 * The layers of docs/architecture.md hold: src/ below everything and no arrow back up
 * (scripts/check-layers.mjs, also run by `npm run lint`).
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importsOf, layerViolations, RULES } from '../../scripts/check-layers.mjs';

describe('layers', () => {
  it('no import points back up', () => {
    expect(layerViolations()).toEqual([]);
  });

  it('reads every kind of import, so a violation cannot hide', () => {
    const text = [
      "import type { CardRecord } from '../card/record';",
      "import {\n  a,\n  type B,\n} from './x.js';",
      "export * from './y';",
      "export { z } from './z';",
      "import './side-effect';",
      "const m = await import('../../native-host/main');",
      "// import { no } from './commented';",
    ].join('\n');
    expect(importsOf(text)).toEqual(['../card/record', './x.js', './y', './z', './side-effect', '../../native-host/main']);
    // The real engine imports its neighbours; the check sees them.
    expect(importsOf(fs.readFileSync('src/fill/engine.ts', 'utf8')).length).toBeGreaterThan(5);
  });

  it('each rule refuses what it names', () => {
    const rule = (name: string) => RULES.find((r) => r.name === name)!;
    expect(rule('src-imports-no-app').to('native-host/readers/index.ts')).toBe(true);
    expect(rule('src-no-node').to('pkg:node:fs')).toBe(true);
    expect(rule('src-no-node').to('pkg:i18n-iso-countries')).toBe(false);
    expect(rule('sam-knows-no-card').from.test('src/sam/responses.ts') && rule('sam-knows-no-card').to('src/card/layout')).toBe(true);
    expect(rule('fill-gets-sites-passed-in').to('src/sites/index.js')).toBe(true);
    expect(rule('fill-gets-sites-passed-in').fromNot!.test('src/fill/standalone.ts')).toBe(true);
    expect(rule('host-not-extension').to('extension/shared/settings')).toBe(true);
  });
});
