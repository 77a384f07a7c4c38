/**
 * The answers to the popup's and options page's messages. Each handler returns a result value
 * (`{ ok: true, … }` or `{ ok: false, error: { code, message, retriable } }`): nothing thrown
 * crosses the messaging boundary, and a sender that is not one of CardFill's own pages gets
 * NOT_ALLOWED instead of data.
 */
import { CardFillError, toErrorInfo, type ErrorInfo } from '../../src/errors';
import type { UiProtocol } from '../shared/messages';

export interface Sender {
  id?: string;
  url?: string;
  tab?: { url?: string };
}

type Answer<K extends keyof UiProtocol> = ReturnType<UiProtocol[K]>;
type Handler<K extends keyof UiProtocol> = (data: Parameters<UiProtocol[K]>[0]) => Answer<K> | Promise<Answer<K>>;
export type Handlers = { [K in keyof UiProtocol]: Handler<K> };

export function notAllowed(): ErrorInfo {
  return new CardFillError('NOT_ALLOWED', 'Only CardFill’s own pages may ask for card data').toJSON();
}

/** Privileged requests come only from this extension's own pages, never from content scripts. */
export function fromExtensionPage(sender: Sender, extensionId: string, extensionBase: string): boolean {
  return sender.id === extensionId && !sender.tab?.url?.match(/^(https?|file|ftp):/) && (sender.url ?? '').startsWith(extensionBase);
}

/**
 * Wrap each handler: the sender check first, then the handler; anything it throws becomes a typed
 * error value (an unknown throwable is INTERNAL, without its text).
 */
export function guardHandlers(handlers: Handlers, isOwnPage: (sender: Sender) => boolean) {
  type Guarded = { [K in keyof UiProtocol]: (message: { data: Parameters<UiProtocol[K]>[0]; sender: Sender }) => Promise<Answer<K>> };
  const out = {} as Record<string, (message: { data: unknown; sender: Sender }) => Promise<unknown>>;
  for (const name of Object.keys(handlers) as (keyof UiProtocol)[]) {
    const handler = handlers[name] as (data: unknown) => unknown;
    out[name] = async ({ data, sender }) => {
      if (!isOwnPage(sender)) return { ok: false, error: notAllowed() };
      try {
        return await handler(data);
      } catch (e) {
        return { ok: false, error: toErrorInfo(e) };
      }
    };
  }
  return out as unknown as Guarded;
}
