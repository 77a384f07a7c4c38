/**
 * The two CSS fades the never-list learned from the attack pages (test/browser/attack-pages.test.ts):
 * `filter: opacity()` and an all-transparent gradient mask, read from computed style strings.
 */
import { describe, expect, it } from 'vitest';
import { filterOpacity, maskHides } from '../../src/fill/visibility';

describe('filter: opacity() counts as opacity', () => {
  it.each([
    ['none', 1],
    ['', 1],
    ['opacity(0)', 0],
    ['opacity(0.05)', 0.05],
    ['opacity(5%)', 0.05],
    ['blur(2px) opacity(0.5) opacity(0.5)', 0.25],
    ['opacity(3)', 1],
    ['grayscale(1)', 1],
  ])('%s → %f', (filter, expected) => {
    expect(filterOpacity(filter)).toBeCloseTo(expected, 6);
  });
});

describe('a mask hides when its most opaque gradient stop is nearly transparent, or when it is an image', () => {
  it.each([
    ['none', false],
    ['linear-gradient(rgba(0, 0, 0, 0), rgba(0, 0, 0, 0))', true],
    ['linear-gradient(transparent, transparent)', true],
    ['radial-gradient(rgba(255, 0, 0, 0) 10%, rgba(0, 0, 0, 0))', true],
    // A fade-out at the bottom of a scroll area keeps its fields visible.
    ['linear-gradient(rgb(0, 0, 0) 80%, rgba(0, 0, 0, 0))', false],
    ['linear-gradient(rgba(0, 0, 0, 0.5), rgba(0, 0, 0, 0))', false],
    ['linear-gradient(rgba(0, 0, 0, 0.02), rgba(0, 0, 0, 0.02))', true],
    // An image mask cannot be read here: refused rather than guessed.
    ['url("mask.svg")', true],
  ])('%s → %s', (mask, expected) => {
    expect(maskHides(mask)).toBe(expected);
  });
});
