import { makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { CheckmarkCircleRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorState, LoadingState } from '../../shared/ui/states';
import { IncidentCard } from './IncidentCard';
import { useCustomerHealth } from './queries';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL },
  heading: { display: 'block', margin: `0 0 ${tokens.spacingVerticalM}` },
  list: {
    margin: 0,
    padding: 0,
    listStyleType: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  healthy: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  healthyIcon: { color: tokens.colorStatusSuccessForeground1, fontSize: '28px', flexShrink: 0 },
  paragraph: { display: 'block', margin: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** The "Service health" tab of a customer's pane: open incidents and advisories, then the recently resolved ones. */
export function CustomerHealthPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const health = useCustomerHealth(customerId);

  if (health.isPending) return <LoadingState label={t('serviceHealth.loading')} />;
  if (health.isError) return <ErrorState error={health.error} onRetry={() => void health.refetch()} />;
  const { open, recentlyResolved } = health.data;

  return (
    <div className={styles.root}>
      <section aria-labelledby={`health-open-${customerId}`}>
        <Text as="h3" id={`health-open-${customerId}`} size={400} weight="semibold" className={styles.heading}>
          {t('serviceHealth.open', { count: open.length })}
        </Text>
        {open.length === 0 ? (
          <div className={styles.healthy}>
            <CheckmarkCircleRegular className={styles.healthyIcon} aria-hidden />
            <div>
              <Text as="p" weight="semibold" className={styles.paragraph}>
                {t('serviceHealth.healthyTitle')}
              </Text>
              <Text as="p" className={mergeClasses(styles.paragraph, styles.muted)}>
                {t('serviceHealth.healthyBody')}
              </Text>
            </div>
          </div>
        ) : (
          <ul className={styles.list}>
            {open.map((incident) => (
              <li key={incident.id}>
                <IncidentCard incident={incident} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby={`health-resolved-${customerId}`}>
        <Text as="h3" id={`health-resolved-${customerId}`} size={400} weight="semibold" className={styles.heading}>
          {t('serviceHealth.recentlyResolved')}
        </Text>
        {recentlyResolved.length === 0 ? (
          <Text className={styles.muted}>{t('serviceHealth.noneResolved')}</Text>
        ) : (
          <ul className={styles.list}>
            {recentlyResolved.map((incident) => (
              <li key={incident.id}>
                <IncidentCard incident={incident} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
