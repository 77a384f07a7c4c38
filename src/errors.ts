/**
 * The closed set of error codes that cross a boundary (reader → host → extension → popup).
 * docs/architecture.md §3: errors are values with codes, never bare strings or thrown objects on the wire.
 */
export const RETRIABLE_CODES = [
  'NO_READER',
  'NO_CARD',
  'CARD_NOT_REPRESENTED',
  'CARD_REMOVED',
  'READ_FAILED',
  'SAM_ERROR',
  'UNSUPPORTED_CARD',
  'BUSY',
] as const;
export const FATAL_CODES = ['TIMEOUT', 'BAD_REQUEST', 'VERSION_MISMATCH', 'INTERNAL'] as const;

/** Codes used inside the host and by `decode` that never reach the browser as such. */
export const LOCAL_CODES = ['BAD_FRAME', 'BAD_TEXT', 'HOST_NOT_FOUND', 'NOT_ALLOWED'] as const;

export type ErrorCode = (typeof RETRIABLE_CODES)[number] | (typeof FATAL_CODES)[number] | (typeof LOCAL_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  retriable: boolean;
}

function isRetriable(code: ErrorCode): boolean {
  return (RETRIABLE_CODES as readonly string[]).includes(code);
}

/** A typed error. `toJSON()` is what crosses process and context boundaries. */
export class CardFillError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CardFillError';
    this.code = code;
    this.retriable = isRetriable(code);
  }
  toJSON(): ErrorInfo {
    return { code: this.code, message: this.message, retriable: this.retriable };
  }
}

/** Turn anything thrown into an ErrorInfo; unknown throwables become INTERNAL without leaking data. */
export function toErrorInfo(e: unknown): ErrorInfo {
  if (e instanceof CardFillError) return e.toJSON();
  return { code: 'INTERNAL', message: 'Internal error in CardFill', retriable: false };
}
