import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// Unit, component and contract tests. Browser tests (test/browser) run in their own project
// because they launch Chromium and must not run in parallel with each other.
export default defineConfig({
  plugins: [preact()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/browser/**', 'test/release/release.test.ts', 'test/release/store-screenshots.test.ts', 'node_modules/**'],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          // test/release: Chromium too, and release.test.ts installs a system-wide host: never beside another browser test.
          include: ['test/browser/**/*.test.ts', 'test/release/release.test.ts', 'test/release/store-screenshots.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
