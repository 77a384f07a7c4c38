// Loaded into the host only by the bench (`node --expose-gc --import <this> cardfill-host.mjs …`):
// on SIGUSR2 it collects garbage and writes one line with the live heap and RSS to stderr, which
// the host never uses for protocol frames. A leak shows as heap that keeps growing after GC; RSS
// alone also moves with V8's lazy heap growth and the allocator keeping freed pages.
import { writeSync } from 'node:fs';

process.on('SIGUSR2', () => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  writeSync(2, `cardfill-bench-memory ${m.heapUsed} ${m.rss} ${m.external} ${m.arrayBuffers}\n`);
});
