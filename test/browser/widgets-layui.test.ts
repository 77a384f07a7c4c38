/**
 * layui 2.5 (npm layui-src 2.5.7) and current (2.13): drawn selects (the native select hidden, `dd[lay-value]`
 * clicked so the page's form.on('select') handlers run), drawn radios, a readonly laydate input. Checked against
 * layui's own form.val(); the drawn list is closed afterwards; a choice the page turns back is reported as such.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYUI_FORM } from '../fill/expectations.js';
import { model, openPopups, planAndFill, setUp, tearDown, touched, withPage, type WidgetEnv } from './widgets-shared.js';

let env: WidgetEnv;
beforeAll(async () => {
  env = await setUp();
});
afterAll(async () => {
  await tearDown(env);
});

const VERSIONS = [
  { id: 'layui 2.5', path: '/pages/layui-2.5.html' },
  { id: 'layui current', path: '/pages/layui-form.html' },
];
const READY = 'typeof window.__model === "function" && !!document.querySelector(".layui-form-select")';

describe.each(VERSIONS)('$id', (v) => {
  it.each(['resident', 'hmt-residence-permit', 'foreign-permanent-2023'] as const)('fills a %s card as form.val() holds it', (kind) =>
    withPage(env, v.path, READY, async (page) => {
      const { report } = await planAndFill(env, page, kind);
      expect(report.skipped).toEqual([]);
      expect(report.reverted).toEqual([]);
      expect(await model(page)).toEqual(LAYUI_FORM.model[kind]);
      expect([...(await touched(page))].sort()).toEqual([...LAYUI_FORM.touched[kind]].sort());
      expect(await openPopups(page)).toEqual([]);
    }),
  );

  it('reports as not filled a document type the page turns back', () =>
    withPage(env, `${v.path}?reject=1`, READY, async (page) => {
      const { report } = await planAndFill(env, page, 'resident');
      const m = await model(page);
      expect(m.zjlx).toBe('');
      expect(report.filled.map((f) => f.field)).not.toContain('documentType');
      expect(report.reverted).toEqual([expect.objectContaining({ field: 'documentType', value: '居民身份证' })]);
      expect(m.xm).toBe('李明轩');
      expect(await openPopups(page)).toEqual([]);
    }));
});
