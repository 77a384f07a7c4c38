import type { ErrorInfo } from '../../src/errors';
import { t } from '../shared/i18n';

/** One sentence for what happened, one for what helps, and the action that helps. */
export function ErrorPanel({ error, onRetry }: { error: ErrorInfo; onRetry: () => void }) {
  return (
    <section class="error-panel" role="alert" data-error-code={error.code}>
      <p class="error-title">{t(`error_${error.code}`)}</p>
      <p>{t(`remedy_${error.code}`)}</p>
      {error.code === 'HOST_NOT_FOUND' && <pre class="command">npx cardfill-host install</pre>}
      <p class="muted detail">{error.message}</p>
      <button type="button" class="primary" data-action="retry" onClick={onRetry}>{t('retry')}</button>
    </section>
  );
}
