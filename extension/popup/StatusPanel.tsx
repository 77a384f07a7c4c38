import browser from 'webextension-polyfill';
import { useEffect, useState } from 'preact/hooks';
import type { ErrorInfo } from '../../src/errors';
import { t } from '../shared/i18n';
import { ui } from '../shared/messages';
import { installCommand, type PopupView } from './view';

interface Props {
  view: Exclude<PopupView, { name: 'card' }>;
  staffMode: boolean;
  onRead: () => void;
}

/**
 * Every state that is not "card shown": one sentence for what is going on, one for what helps,
 * and the one action that helps. Retry keeps data-action="retry" for the tests.
 */
export function StatusPanel({ view, staffMode, onRead }: Props) {
  switch (view.name) {
    case 'connecting':
      return <Panel kind="busy" title={t('stateConnecting')} />;
    case 'reading':
      return <Reading since={view.since} />;
    case 'host-missing': {
      const command = installCommand(browser.runtime.id);
      return (
        <Panel kind="error" code="HOST_NOT_FOUND" title={t('stateHostMissing')} body={t('stateHostMissingHelp')}>
          <CopyCommand command={command} />
          <RetryButton onClick={onRead} label={t('checkAgain')} />
        </Panel>
      );
    }
    case 'host-not-allowed': {
      const command = installCommand(browser.runtime.id);
      return (
        <Panel kind="error" code="NOT_ALLOWED" title={t('error_NOT_ALLOWED')} body={t('stateNotAllowedHelp')} detail={view.error.message}>
          <CopyCommand command={command} />
          <RetryButton onClick={onRead} label={t('checkAgain')} />
        </Panel>
      );
    }
    case 'version-mismatch':
      return (
        <Panel
          kind="error"
          code="VERSION_MISMATCH"
          title={t('error_VERSION_MISMATCH')}
          body={t(view.update === 'host' ? 'updateHost' : 'updateExtension')}
        >
          {view.update === 'host' && <CopyCommand command="npx cardfill-host@latest install" />}
          <RetryButton onClick={onRead} label={t('checkAgain')} />
        </Panel>
      );
    case 'no-reader':
      return (
        <Panel kind="error" code="NO_READER" title={t('error_NO_READER')} body={t('remedy_NO_READER')} detail={view.error?.message}>
          <RetryButton onClick={onRead} />
          <button type="button" class="link" data-action="options" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('chooseReader')}
          </button>
        </Panel>
      );
    case 'place-card':
      if (view.error) {
        return (
          <Panel kind="warn" code={view.error.code} title={t('error_NO_CARD')} body={t('remedy_NO_CARD')}>
            <RetryButton onClick={onRead} />
          </Panel>
        );
      }
      return (
        <Panel kind="idle" title={staffMode ? t('stateStaffWaiting') : t('statePlaceCard')}>
          <button type="button" class="primary" data-action="read" onClick={onRead}>
            {t('read')}
          </button>
        </Panel>
      );
    case 'lift-and-place':
      return (
        <Panel kind="warn" code={view.error.code} title={t('stateLiftAndPlace')} body={t('remedy_CARD_NOT_REPRESENTED')}>
          <RetryButton onClick={onRead} label={t('readAgain')} />
        </Panel>
      );
    case 'unsupported':
      return (
        <Panel kind="error" code={view.error.code} title={t('error_UNSUPPORTED_CARD')} body={t('remedy_UNSUPPORTED_CARD')}>
          <RetryButton onClick={onRead} />
        </Panel>
      );
    case 'error':
      return <ErrorPanel error={view.error} onRetry={onRead} />;
  }
}

/** Any other error: the code's sentence and remedy, the host's own words, and Retry. */
export function ErrorPanel({ error, onRetry }: { error: ErrorInfo; onRetry: () => void }) {
  return (
    <Panel kind="error" code={error.code} title={t(`error_${error.code}`)} body={t(`remedy_${error.code}`)} detail={error.message}>
      <RetryButton onClick={onRetry} />
    </Panel>
  );
}

function Panel(props: {
  kind: 'busy' | 'idle' | 'warn' | 'error';
  code?: string;
  title: string;
  body?: string;
  detail?: string | undefined;
  children?: preact.ComponentChildren;
}) {
  const alert = props.kind === 'error' || props.kind === 'warn';
  return (
    <section
      class={`state state-${props.kind}${props.kind === 'error' ? ' error-panel' : ''}`}
      role={alert ? 'alert' : 'status'}
      data-error-code={props.code}
      data-state={props.kind}
    >
      <p class="state-title">{props.title}</p>
      {props.body && <p class="state-body">{props.body}</p>}
      {props.detail && <p class="muted detail">{props.detail}</p>}
      {props.children && <div class="actions">{props.children}</div>}
    </section>
  );
}

function RetryButton({ onClick, label }: { onClick: () => void; label?: string }) {
  return (
    <button type="button" class="primary" data-action="retry" onClick={onClick}>
      {label ?? t('retry')}
    </button>
  );
}

function CopyCommand({ command }: { command: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(command);
      setCopied(true);
    } catch {
      setCopied(false); // The command stays selectable by hand (user-select: all).
    }
  };
  return (
    <div class="command-row">
      <pre class="command" data-command tabIndex={0} aria-label={t('installCommandLabel')}>
        {command}
      </pre>
      <button type="button" data-action="copy-command" onClick={() => void copy()}>
        {copied ? t('copied') : t('copy')}
      </button>
    </div>
  );
}

function Reading({ since }: { since: number | null }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, []);
  const seconds = since ? Math.max(0, Math.floor((now - since) / 1000)) : 0;
  return (
    <section class="state state-busy" role="status" data-state="reading">
      <p class="state-title">{t('reading')}</p>
      <progress aria-label={t('readingProgress')} />
      <p class="muted" data-reading-seconds={seconds}>
        {t('readingElapsed', seconds)}
      </p>
      <button type="button" data-action="cancel-read" onClick={() => void ui.sendMessage('cancelRead', undefined)}>
        {t('cancelRead')}
      </button>
    </section>
  );
}
