/**
 * The host's account of itself (hello + status), as sentences for the options page — the
 * browser-side counterpart of `cardfill-host doctor` (docs/architecture.md §4), which needs a terminal.
 */
import type { ErrorInfo } from '../../src/errors';
import { t } from '../shared/i18n';
import type { HostReport } from '../shared/messages';

export interface ReportLine {
  tone: 'ok' | 'warn' | 'error';
  text: string;
  remedy?: string;
}

export function hostReportLines(report: HostReport): ReportLine[] {
  const lines: ReportLine[] = [{ tone: 'ok', text: t('doctorHostOk', report.version, report.protocol) }];
  if (report.readerError) {
    lines.push(errorLine(report.readerError));
    return lines;
  }
  const status = report.status;
  if (!status?.reader) {
    lines.push({ tone: 'error', text: t('error_NO_READER'), remedy: t('remedy_NO_READER') });
    // The browser cannot look at USB devices or local services itself; the host's doctor can.
    lines.push({ tone: 'warn', text: t('doctorRunCli'), remedy: 'cardfill-host doctor' });
    return lines;
  }
  lines.push({ tone: 'ok', text: t('doctorReader', status.reader.name, status.reader.spec) });
  if (status.cardPresent === true) lines.push({ tone: 'ok', text: t('doctorCardPresent') });
  else if (status.cardPresent === false) lines.push({ tone: 'warn', text: t('doctorNoCard') });
  return lines;
}

export function errorLine(error: ErrorInfo): ReportLine {
  return { tone: 'error', text: t(`error_${error.code}`), remedy: t(`remedy_${error.code}`) };
}
