/**
 * The exchange trace behind `cardfill-host probe` (docs/readers.md, "Bug reports"). Backends
 * report each exchange with the reader — a SAM command, an HTTP request, a WebSocket call — as
 * shape only: what was asked, the status that came back and how many bytes moved. An event has
 * no field that could hold card text, photo or fingerprint bytes, so a trace cannot carry them
 * whatever a backend passes; `probe` additionally refuses any string that is not a short token.
 *
 * Off by default: with no sink set, `traceExchange` is one comparison.
 */

export interface TraceEvent {
  /** 'sam' (a SAM frame over serial/USB/simulator), 'http', 'ws'. */
  transport: 'sam' | 'http' | 'ws';
  /** What was asked: a SAM command name and its code ("find card 20 01"), an HTTP path, a WebSocket function. */
  command: string;
  /** The answer's status: SAM SW3 ("0x90"), HTTP status, a service's own result code; null when none came. */
  status: string | null;
  /** Bytes sent (request frame or body). */
  sentBytes: number;
  /** Bytes received (reply frame data or body); null when nothing came. */
  receivedBytes: number | null;
  /** How the exchange ended: 'ok', or the CardFillError code / 'error'. */
  outcome: string;
  /** Wall time of the exchange. */
  ms: number;
}

type Sink = (event: TraceEvent) => void;
let sink: Sink | null = null;

/** Start (a function) or stop (null) collecting exchanges. Only `probe` sets one. */
export function setTraceSink(next: Sink | null): void {
  sink = next;
}

export function tracing(): boolean {
  return sink !== null;
}

export function traceExchange(event: TraceEvent): void {
  if (sink === null) return;
  try {
    sink(event);
  } catch {
    // A trace never breaks a read.
  }
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0').toUpperCase();

/** The SAM frame reader's hook: the command and its code, SW3 and the reply's data length — never the data. */
export function traceSamExchange(
  command: { name: string; cmd: number; para: number },
  sentBytes: number,
  started: number,
  result: { sw3: number; data: Uint8Array } | unknown,
): void {
  if (sink === null) return;
  const reply =
    typeof result === 'object' && result !== null && 'sw3' in result && 'data' in result
      ? (result as { sw3: number; data: Uint8Array })
      : null;
  const code = typeof result === 'object' && result !== null && 'code' in result ? String((result as { code: unknown }).code) : 'error';
  traceExchange({
    transport: 'sam',
    command: `${command.name} (${hex2(command.cmd)} ${hex2(command.para)})`,
    status: reply ? `0x${hex2(reply.sw3)}` : null,
    sentBytes,
    receivedBytes: reply ? reply.data.length : null,
    outcome: reply ? 'ok' : code,
    ms: Date.now() - started,
  });
}
