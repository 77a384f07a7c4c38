/**
 * The native messaging protocol between the extension and `cardfill-host` (docs/architecture.md §3).
 * One module, shared by both sides, so the schema and its validator cannot drift apart.
 */
import type { CardRecord } from '../card/record';
import { CardFillError, type ErrorInfo } from '../errors';

export const PROTOCOL_VERSION = 1;
/** Native messaging host name (lowercase, dots): the file name of the host manifest. */
export const HOST_NAME = 'cn.cardfill.host';
/** Browser → host messages larger than this are refused (Chrome's own cap host → browser is 1 MB). */
export const MAX_REQUEST_BYTES = 64 * 1024;
/** Host → browser: Chrome refuses anything over 1 MB; stay well below. */
export const MAX_REPLY_BYTES = 1024 * 1024 - 1024;

type RequestType = 'status' | 'read' | 'watch' | 'unwatch' | 'cancel';

interface StatusRequest {
  id: number;
  type: 'status';
  reader?: string;
}
interface ReadRequest {
  id: number;
  type: 'read';
  reader?: string;
  photo?: boolean;
  timeoutMs?: number;
}
interface WatchRequest {
  id: number;
  type: 'watch';
  reader?: string;
}
interface UnwatchRequest {
  id: number;
  type: 'unwatch';
}
interface CancelRequest {
  id: number;
  type: 'cancel';
  target: number;
}
export type HostRequest = StatusRequest | ReadRequest | WatchRequest | UnwatchRequest | CancelRequest;

export interface ReaderSummary {
  spec: string;
  kind: string;
  name: string;
}

export interface HelloMessage {
  type: 'hello';
  protocol: number;
  version: string;
  readers: ReaderSummary[];
}
export interface StatusReply {
  id: number;
  type: 'status';
  reader: ReaderSummary | null;
  /** true / false when the reader could be asked; null when there is no reader. */
  cardPresent: boolean | null;
  /** Serial ports this computer has (not probed), for choosing a serial reader in the options. */
  serialPorts: string[];
}
interface CardReply {
  id: number;
  type: 'card';
  card: CardRecord;
}
interface OkReply {
  id: number;
  type: 'ok';
}
interface ErrorReply {
  id: number | null;
  type: 'error';
  error: ErrorInfo;
}
export type CardEvent = 'card-present' | 'card-removed' | 'reader-gone' | 'reader-back';
export interface EventMessage {
  type: 'event';
  event: CardEvent;
  watch: number;
}
export type HostMessage = HelloMessage | StatusReply | CardReply | OkReply | ErrorReply | EventMessage;

/** Allowed keys and their checks, per request type. Anything else is BAD_REQUEST. */
const isId = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const isReaderSpec = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 512 && !/[\0\n\r]/.test(v);
const SCHEMA: Record<RequestType, Record<string, { required: boolean; check: (v: unknown) => boolean }>> = {
  status: {
    id: { required: true, check: isId },
    type: { required: true, check: () => true },
    reader: { required: false, check: isReaderSpec },
  },
  read: {
    id: { required: true, check: isId },
    type: { required: true, check: () => true },
    reader: { required: false, check: isReaderSpec },
    photo: { required: false, check: (v) => typeof v === 'boolean' },
    timeoutMs: { required: false, check: (v) => Number.isSafeInteger(v) && (v as number) >= 100 && (v as number) <= 120_000 },
  },
  watch: {
    id: { required: true, check: isId },
    type: { required: true, check: () => true },
    reader: { required: false, check: isReaderSpec },
  },
  unwatch: { id: { required: true, check: isId }, type: { required: true, check: () => true } },
  cancel: { id: { required: true, check: isId }, type: { required: true, check: () => true }, target: { required: true, check: isId } },
};

/** Validate a parsed JSON value as a request: exact keys, exact types. Throws BAD_REQUEST. */
export function validateRequest(value: unknown): HostRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CardFillError('BAD_REQUEST', 'A request must be a JSON object');
  }
  const obj = value as Record<string, unknown>;
  const type = obj['type'];
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(SCHEMA, type)) {
    throw new CardFillError('BAD_REQUEST', `Unknown request type; expected one of ${Object.keys(SCHEMA).join(', ')}`);
  }
  const schema = SCHEMA[type as RequestType];
  for (const key of Object.keys(obj)) {
    // Own keys of the schema only: "__proto__", "constructor" or "toString" in a request must be
    // refused as BAD_REQUEST, not looked up on Object.prototype (found by test/security fuzzing).
    const rule = Object.hasOwn(schema, key) ? schema[key] : undefined;
    if (!rule) throw new CardFillError('BAD_REQUEST', `Unexpected key "${key.slice(0, 40)}" in a ${type} request`);
    if (!rule.check(obj[key])) throw new CardFillError('BAD_REQUEST', `Invalid value for "${key}" in a ${type} request`);
  }
  for (const [key, rule] of Object.entries(schema)) {
    if (rule.required && !Object.hasOwn(obj, key)) throw new CardFillError('BAD_REQUEST', `Missing "${key}" in a ${type} request`);
  }
  return obj as unknown as HostRequest;
}

/** Best-effort id of an invalid request, so its error reply can still be matched. */
export function requestIdOf(value: unknown): number | null {
  if (typeof value === 'object' && value !== null && isId((value as Record<string, unknown>)['id'])) {
    return (value as { id: number }).id;
  }
  return null;
}

/**
 * The one protocol check (docs/architecture.md §3), for whoever reads a hello: null when `theirs` speaks our
 * protocol, else the VERSION_MISMATCH error and the side that must be updated (the older one). `theirs` is the
 * peer's protocol number, or null when the peer did not greet with a hello at all (it predates protocol 1).
 * `ours` is this build's protocol; the host and the extension are built from the same `PROTOCOL_VERSION`.
 */
export function protocolMismatch(
  theirs: number | null,
  ours: number = PROTOCOL_VERSION,
): { update: 'host' | 'extension'; error: CardFillError } | null {
  if (theirs === ours) return null;
  if (theirs === null || !Number.isSafeInteger(theirs)) {
    return { update: 'host', error: new CardFillError('VERSION_MISMATCH', 'The CardFill host did not introduce itself; update it') };
  }
  const update = theirs < ours ? 'host' : 'extension';
  return {
    update,
    error: new CardFillError(
      'VERSION_MISMATCH',
      `The CardFill host speaks protocol ${theirs}, the extension ${ours}: update the ${update}`,
    ),
  };
}
