// @vitest-environment happy-dom
/**
 * The page scan on big pages (docs/benchmarks.md "Fill engine: quadratic label lookups"): every control is
 * collected and classified wherever it is on the page, and the per-scan label index answers exactly what the DOM
 * answers. (Visibility needs a real layout: the browser side is test/browser/fill-large-page.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { inspectPage } from '../../src/fill/engine.js';
import { siteProfileFor } from '../../src/sites/index.js';
import { directLabels, labelElementsOf, labelsOf, radioText, withLabelIndex } from '../../src/fill/labels.js';

afterEach(() => {
  document.body.innerHTML = '';
});

/** `n` ordinary business fields (text, select, checkbox, textarea), none of them a card field. */
function businessRows(n: number): string {
  let html = '';
  for (let i = 0; i < n; i++) {
    const id = `x${i}`;
    if (i % 10 === 6)
      html += `<div class="row"><label for="${id}">颜色 ${i}</label><select id="${id}" name="${id}"><option>红</option><option>绿</option></select></div>`;
    else if (i % 10 === 8) html += `<div class="row"><label><input id="${id}" name="${id}" type="checkbox"> 订阅 ${i}</label></div>`;
    else if (i % 10 === 9)
      html += `<div class="row"><label for="${id}">说明 ${i}</label><textarea id="${id}" name="${id}"></textarea></div>`;
    else html += `<div class="row"><label for="${id}">备注 ${i}</label><input id="${id}" name="${id}" type="text"></div>`;
  }
  return html;
}

const IDENTITY_ROWS =
  '<div class="row"><label for="doc-type">证件类型</label><select id="doc-type" name="zjlx"><option value="1">居民身份证</option></select></div>' +
  '<div class="row"><label for="name">姓名</label><input id="name" name="xm"></div>' +
  '<div class="row"><label for="id-no">证件号码</label><input id="id-no" name="zjhm"></div>' +
  '<div class="row"><label for="birth">出生日期</label><input id="birth" name="csrq"></div>';

describe('a long page', () => {
  it('classifies the identity rows that come after 1,000 other controls (the scan used to stop at 400)', () => {
    document.body.innerHTML = `<form>${businessRows(1000)}${IDENTITY_ROWS}</form>`;
    const { controls } = inspectPage(document, siteProfileFor);
    expect(controls).toHaveLength(1004);
    const fields = Object.fromEntries(controls.filter((c) => c.field).map((c) => [c.key, c.field]));
    expect(fields).toEqual({ zjlx: 'documentType', xm: 'fullName', zjhm: 'documentNumber', csrq: 'birthDate' });
    expect(controls.find((c) => c.key === 'xm')?.label).toBe('姓名');
  });

  it('gives the same labels with the scan index as without it', () => {
    document.body.innerHTML =
      `<form>${businessRows(40)}${IDENTITY_ROWS}` +
      '<label for="dup">第一</label><input id="dup"><label for="dup">第二</label>' +
      '<label for="r1">男</label><input type="radio" name="sex" id="r1"><label><input type="radio" name="sex" id="r2">女</label></form>';
    const els = Array.from(document.querySelectorAll('input, select, textarea'));
    const plain = els.map((el) => [directLabels(el), labelsOf(el), labelElementsOf(el)]);
    const indexed = withLabelIndex(() => els.map((el) => [directLabels(el), labelsOf(el), labelElementsOf(el)]));
    expect(indexed).toEqual(plain);
    expect(directLabels(document.getElementById('dup')!)).toEqual(['第一', '第二']);
    expect(radioText(document.getElementById('r1')!)).toBe('男');
    expect(radioText(document.getElementById('r2')!)).toBe('女');
  });

  it("finds the same label elements as the browser's .labels", () => {
    document.body.innerHTML =
      '<label for="a">A</label><input id="a"><label>B <input id="b"> <input id="c"></label>' +
      '<label for="a">A2</label><label for="zz"><input id="d"></label><input id="e">';
    for (const id of ['a', 'b', 'e']) {
      const el = document.getElementById(id) as HTMLInputElement;
      expect(labelElementsOf(el), id).toEqual(Array.from(el.labels ?? []));
    }
    // HTML §4.10.4: a label without `for` labels only its first labelable descendant, and one whose `for` names
    // another id labels that element, not its own descendant (happy-dom's .labels says otherwise for both;
    // Chromium follows the spec: test/browser/fill-large-page.test.ts compares with it).
    expect(labelElementsOf(document.getElementById('c')!)).toEqual([]);
    expect(labelElementsOf(document.getElementById('d')!)).toEqual([]);
  });
});
