import type { CardRecord } from '../../src/card/record';
import { t } from '../shared/i18n';

const KIND_KEYS: Record<CardRecord['kind'], string> = {
  resident: 'kindResident',
  'hmt-residence-permit': 'kindHmt',
  'foreign-permanent-2017': 'kindForeign2017',
  'foreign-permanent-2023': 'kindForeign2023',
};

/** The decoded card, for review before anything is filled. */
export function CardView({ card }: { card: CardRecord }) {
  const rows: [string, string | null][] = [
    ['fieldNameZh', card.nameZh],
    ['fieldNameEn', card.nameEn],
    ['fieldNumber', card.number],
    ['fieldSex', t(`sex_${card.sex}`)],
    ['fieldBirthDate', card.birthDate],
    ['fieldNationality', card.nationality ? `${card.nationality.nameZh ?? ''} ${card.nationality.nameEn ?? card.nationality.alpha3}`.trim() : null],
    ['fieldEthnicity', card.ethnicity ? card.ethnicity.nameZh ?? card.ethnicity.code : null],
    ['fieldAddress', card.address],
    ['fieldValidity', `${card.validFrom} – ${card.validUntil === 'long-term' ? t('longTerm') : card.validUntil}`],
  ];
  return (
    <section class="card" aria-label={t('cardTitle')}>
      <p class="kind" data-kind={card.kind}>{t(KIND_KEYS[card.kind])}</p>
      <dl>
        {rows
          .filter(([, v]) => v)
          .map(([key, value]) => (
            <div class="row" key={key} data-field={key}>
              <dt>{t(key)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {card.checks.numberChecksum === 'invalid' && <p class="warn">{t('checksumInvalid')}</p>}
      {card.checks.expired && <p class="warn">{t('cardExpired')}</p>}
    </section>
  );
}
