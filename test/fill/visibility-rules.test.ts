/**
 * The computed-style rules of the never-list (src/fill/visibility.ts, SECURITY.md P3) that need no layout: SVG
 * filters and heavy blur, zero-sized masks, the rectangle an inset() clip leaves, and the cap on page text the
 * plan and report show (src/fill/engine.ts).
 */
import { describe, expect, it } from 'vitest';
import { filterHides, insetRect, maskSizeHides, MIN_MASK_ALPHA, maskHides } from '../../src/fill/visibility';
import { capText, MAX_PAGE_TEXT } from '../../src/fill/engine';

describe('filters that hide', () => {
  it.each([
    ['none', false],
    ['url("#zero-alpha")', true],
    ['blur(2px)', false],
    ['blur(8px)', true],
    ['grayscale(1) contrast(0.1)', true],
    ['brightness(0.8)', false],
  ])('%s → %s', (f, want) => expect(filterHides(f)).toBe(want));
});

describe('mask sizes and alphas', () => {
  it.each([
    ['0px 0px', true],
    ['0px', true],
    ['auto', false],
    ['10px 20px', false],
    ['100% 0%', true],
  ])('mask-size %s → %s', (s, want) => expect(maskSizeHides(s)).toBe(want));
  it('a stop just under the threshold hides, one at it does not', () => {
    const g = (a: number) => `linear-gradient(rgba(0, 0, 0, ${a}), rgba(0, 0, 0, 0))`;
    expect(maskHides(g(MIN_MASK_ALPHA - 0.01))).toBe(true);
    expect(maskHides(g(MIN_MASK_ALPHA))).toBe(false);
  });
});

describe('inset() clips', () => {
  const box = { left: 10, top: 20, width: 200, height: 30 };
  it.each([
    ['inset(0px)', { left: 10, top: 20, right: 210, bottom: 50 }],
    ['inset(50%)', { left: 110, top: 35, right: 110, bottom: 35 }],
    ['inset(0px 0px 28px)', { left: 10, top: 20, right: 210, bottom: 22 }],
    ['inset(5px 10px round 4px)', { left: 20, top: 25, right: 200, bottom: 45 }],
  ])('%s', (clip, want) => expect(insetRect(clip, box)).toEqual(want));
  it('is null for other shapes', () => expect(insetRect('circle(2px at 50% 50%)', box)).toBeNull());
});

describe('page text in the plan and report', () => {
  it('is one line of at most MAX_PAGE_TEXT characters, with an ellipsis when cut', () => {
    const long = '姓名'.repeat(200);
    const cut = capText(long);
    expect(Array.from(cut)).toHaveLength(MAX_PAGE_TEXT);
    expect(cut.endsWith('…')).toBe(true);
    expect(capText('  身份证\n号码  ')).toBe('身份证 号码');
    expect(capText('姓名')).toBe('姓名');
  });
});
