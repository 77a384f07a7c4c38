import { useEffect, useState } from 'preact/hooks';
import { t } from '../shared/i18n';

export function formatRemaining(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** A visible countdown until the background forgets the card (docs/architecture.md §7). */
export function Countdown({ expiresAt, onClear }: { expiresAt: number | null; onClear: () => void }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!expiresAt) return null;
  const seconds = Math.max(0, Math.ceil((expiresAt - now) / 1000));
  return (
    <div class="countdown-row">
      <p class="muted countdown" data-countdown={seconds} role="timer" aria-live="off">
        {t('clearsIn', formatRemaining(seconds))}
      </p>
      <button type="button" data-action="clear" onClick={onClear}>
        {t('clearNow')}
      </button>
    </div>
  );
}
