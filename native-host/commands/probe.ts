/**
 * `cardfill-host probe [--reader SPEC] [--json]`: one read, traced for a bug report
 * (docs/readers.md, "Bug reports"). It prints the backend, the OS and every exchange with the
 * reader — command, status, byte counts, time — and what kind of card came back, but none of
 * the card: no text, no photo, no fingerprint, no dates, no number. The trace events carry no
 * payload at all (../readers/trace.ts), and before printing, every value the card holds is looked
 * for in the output (as text, UCS-2LE hex, UTF-8 hex and base64) and blanked if found anyway.
 */
import { arch, platform, release } from 'node:os';
import { parseArgs } from 'node:util';
import type { CardRecord } from '../../src/card/record';
import { encodeUcs2 } from '../../src/card/ucs2';
import { CardFillError, toErrorInfo } from '../../src/errors';
import type { TraceEvent } from '../readers/trace';
import { HOST_VERSION } from '../version';

export interface ProbeReport {
  probe: 1;
  host: string;
  node: string;
  os: { platform: string; arch: string; release: string };
  reader: { spec: string; kind: string; name: string } | null;
  result:
    | {
        ok: true;
        card: { kind: string; typeCode: string; fields: string[]; photo: { mime: string; bytes: number } | null; numberChecksum: string };
      }
    | { ok: false; error: { code: string; message: string } };
  exchanges: TraceEvent[];
  ms: number;
}

export interface ProbeIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

const REDACTED = '[redacted]';

/** Every value of the card that must never appear in a trace, as the strings a leak could take. */
export function cardSecrets(card: CardRecord): string[] {
  const values: string[] = [];
  const add = (v: string | null | undefined) => {
    if (v && v.length >= 2) values.push(v);
  };
  add(card.nameZh);
  add(card.nameEn);
  add(card.number);
  add(card.address);
  add(card.issuer);
  add(card.passNumber);
  add(card.previousNumber);
  for (const d of [card.birthDate, card.validFrom, card.validUntil]) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(d)) {
      add(d);
      add(d.replaceAll('-', ''));
    }
  }
  const forms: string[] = [];
  for (const v of values) {
    forms.push(
      v,
      Buffer.from(encodeUcs2(v)).toString('hex'),
      Buffer.from(v, 'utf8').toString('hex'),
      Buffer.from(v, 'utf8').toString('base64'),
    );
  }
  if (card.photo) forms.push(card.photo.base64, Buffer.from(card.photo.base64, 'base64').toString('hex'));
  return forms.filter((f) => f.length >= 4);
}

/** Blank any card value found in the text, in any case (hex may be upper-case). */
export function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) {
    const escaped = s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(escaped, 'gi'), REDACTED);
  }
  return out;
}

function summary(card: CardRecord): Extract<ProbeReport['result'], { ok: true }>['card'] {
  const fields = (Object.keys(card) as (keyof CardRecord)[]).filter(
    (k) => k !== 'checks' && k !== 'photo' && card[k] !== null && card[k] !== '',
  );
  return {
    kind: card.kind,
    typeCode: card.typeCode,
    fields,
    photo: card.photo ? { mime: card.photo.mime, bytes: Buffer.from(card.photo.base64, 'base64').length } : null,
    numberChecksum: card.checks.numberChecksum,
  };
}

export function formatProbe(report: ProbeReport): string {
  const lines = [
    `CardFill probe — host ${report.host}, Node ${report.node}, ${report.os.platform} ${report.os.arch} ${report.os.release}`,
    `Reader: ${report.reader ? `${report.reader.name} (${report.reader.spec}, ${report.reader.kind})` : 'none'}`,
    '',
    'Exchanges (no card data is shown; sizes are bytes):',
  ];
  if (report.exchanges.length === 0) lines.push('  (none)');
  for (const [i, e] of report.exchanges.entries()) {
    lines.push(
      `  ${String(i + 1).padStart(2)}. ${e.transport.padEnd(4)} ${e.command} → ${e.status ?? '—'}  sent ${e.sentBytes}, got ${e.receivedBytes ?? '—'}, ${e.outcome}, ${e.ms} ms`,
    );
  }
  lines.push('');
  if (report.result.ok) {
    const c = report.result.card;
    lines.push(
      `Result: read a ${c.kind} card${c.typeCode ? ` (${c.typeCode})` : ''}; fields present: ${c.fields.join(', ')}; photo: ${c.photo ? `${c.photo.mime}, ${c.photo.bytes} bytes` : 'none'}; check digit ${c.numberChecksum}`,
    );
  } else {
    lines.push(`Result: ${report.result.error.code} — ${report.result.error.message}`);
  }
  lines.push(`Took ${report.ms} ms. Attach this text to a bug report; it holds nothing from the card.`);
  return lines.join('\n') + '\n';
}

export async function probe(spec: string): Promise<ProbeReport> {
  const { setTraceSink } = await import('../readers/trace');
  const { openReader, sourceOf } = await import('../readers/index');
  const { readCard } = await import('../readers/session');
  const exchanges: TraceEvent[] = [];
  const started = Date.now();
  const report: ProbeReport = {
    probe: 1,
    host: HOST_VERSION,
    node: process.version,
    os: { platform: platform(), arch: arch(), release: release() },
    reader: null,
    result: { ok: false, error: { code: 'INTERNAL', message: 'not run' } },
    exchanges,
    ms: 0,
  };
  let reader;
  let secrets: string[] = [];
  setTraceSink((e) => exchanges.push({ ...e }));
  try {
    reader = openReader(spec);
    report.reader = { spec: reader.info.spec, kind: reader.info.kind, name: reader.info.name };
    const card = await readCard(reader, { photo: true });
    secrets = cardSecrets(card);
    report.result = { ok: true, card: summary(card) };
  } catch (e) {
    const info = toErrorInfo(e);
    report.result = { ok: false, error: { code: info.code, message: info.message } };
  } finally {
    if (reader) {
      report.reader = { ...sourceOf(reader) };
      await reader.close().catch(() => undefined);
    }
    setTraceSink(null);
  }
  report.ms = Date.now() - started;
  // Belt and braces: whatever a backend might have put in a message, no card value leaves here.
  return JSON.parse(scrub(JSON.stringify(report), secrets)) as ProbeReport;
}

const USAGE = 'Usage: cardfill-host probe [--reader SPEC] [--json]\n';

export async function runProbe(
  args: string[],
  io: ProbeIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), env: process.env },
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { reader: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    io.err(`${new CardFillError('BAD_REQUEST', (e as Error).message).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const report = await probe(values.reader ?? io.env['CARDFILL_READER'] ?? 'auto');
  io.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatProbe(report));
  return report.result.ok ? 0 : 1;
}
