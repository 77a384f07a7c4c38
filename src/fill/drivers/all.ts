/**
 * Registers every widget driver (registry.ts). Imported for its effect by the standalone engine, the inspect build,
 * the tests, and extension/content-widgets.ts — the bundle the background injects only into pages with widgets.
 * A bundle of its own has its own copy of labels.ts, so each driver's `find` runs inside that copy's label index.
 */
import { withLabelIndex } from '../labels.js';
import { registerWidgetDrivers } from './registry.js';
import type { Driver } from './types.js';
import { WIDGET_DRIVERS } from './widgets.js';

registerWidgetDrivers(
  WIDGET_DRIVERS.map(
    (d): Driver => ({
      name: d.name,
      find: (root, claimed) => withLabelIndex(() => d.find(root, claimed)),
      write: (c, v) => d.write(c, v),
      read: (c) => d.read(c),
      ...(d.loadOptions ? { loadOptions: (c, hints) => d.loadOptions!(c, hints) } : {}),
    }),
  ),
);
