/**
 * Ant Design 4 (React 18) and current (React 19): Select opened by mousedown with a virtual list (国籍 has more
 * options than it renders), searchable Select, DatePicker typed and committed, Radio.Group without names. The fill
 * is checked against the React state the fixture exposes, no dropdown stays open, and a value the page refuses
 * (its onChange keeps the old value; a disabled date) is reported as not filled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOTEL_ANTD } from '../fill/expectations.js';
import { model, openPopups, planAndFill, setUp, tearDown, touched, withPage, type WidgetEnv } from './widgets-shared.js';

let env: WidgetEnv;
beforeAll(async () => {
  env = await setUp();
});
afterAll(async () => {
  await tearDown(env);
});

const VERSIONS = [
  { id: 'antd 4 (React 18)', path: '/pages/hotel-antd4.html' },
  { id: 'antd current (React 19)', path: '/pages/hotel-antd.html' },
];
const READY = 'typeof window.__model === "function" && !!document.querySelector(".ant-select")';

describe.each(VERSIONS)('$id', (v) => {
  it.each(['resident', 'foreign-permanent-2023'] as const)('fills a %s card into the React state, leaving no dropdown open', (kind) =>
    withPage(env, v.path, READY, async (page) => {
      const { report } = await planAndFill(env, page, kind);
      expect(report.skipped).toEqual([]);
      expect(report.reverted).toEqual([]);
      expect(await model(page)).toEqual(HOTEL_ANTD.model[kind]);
      expect([...(await touched(page))].sort()).toEqual([...HOTEL_ANTD.touched[kind]].sort());
      expect(await openPopups(page)).toEqual([]);
    }),
  );

  it('reports as not filled a document type the page keeps unchanged and a date the picker disables', () =>
    withPage(env, `${v.path}?reject=1`, READY, async (page) => {
      const { report } = await planAndFill(env, page, 'resident');
      const m = await model(page);
      expect(m.idType).toBe('PASSPORT');
      expect(m.birthday).toBe('');
      const filled = report.filled.map((f) => f.field);
      expect(filled).not.toContain('documentType');
      expect(filled).not.toContain('birthDate');
      expect([...report.reverted.map((r) => r.field), ...report.skipped.map((s) => s.field)]).toEqual(
        expect.arrayContaining(['documentType', 'birthDate']),
      );
      expect(m.name).toBe('李明轩');
      expect(await openPopups(page)).toEqual([]);
    }));
});
