import { expect } from 'vitest';
import { CardFillError } from '../../src/errors';

/** 'ok' when the promise resolves, else the CardFillError code (anything untyped fails the test). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(CardFillError);
    return (e as CardFillError).code;
  }
}
