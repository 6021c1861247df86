import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  makeStyles,
  mergeClasses,
  Text,
  tokens,
} from '@fluentui/react-components';
import { ErrorCircleFilled, InfoFilled, WarningFilled } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../shared/format';
import { codeLabel } from '../organizations/labels';
import type { Incident } from './types';

const useStyles = makeStyles({
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  title: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS, margin: 0 },
  icon: { fontSize: '20px', flexShrink: 0, marginTop: '1px' },
  incident: { color: tokens.colorStatusDangerForeground1 },
  advisory: { color: tokens.colorStatusWarningForeground2 },
  resolved: { color: tokens.colorNeutralForeground3 },
  meta: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  secondary: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  updates: {
    margin: 0,
    padding: 0,
    listStyleType: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  update: {
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke2}`,
    paddingLeft: tokens.spacingHorizontalM,
  },
  message: { margin: `${tokens.spacingVerticalXXS} 0 0`, whiteSpace: 'pre-wrap' },
});

const SEVERITY_COLOR = { high: 'danger', medium: 'warning', low: 'informative' } as const;

/** One incident or advisory: what, severity, status, since when, and its updates (newest first) to expand. */
export function IncidentCard({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const resolved = incident.status === 'resolved';
  const Icon = resolved ? InfoFilled : incident.kind === 'incident' ? ErrorCircleFilled : WarningFilled;
  const iconClass = resolved ? styles.resolved : styles[incident.kind];
  const [latest] = incident.updates;

  return (
    <article className={styles.card} aria-labelledby={`incident-${incident.id}`}>
      <Text as="h4" size={300} weight="semibold" className={styles.title} id={`incident-${incident.id}`}>
        <Icon className={mergeClasses(styles.icon, iconClass)} aria-hidden />
        <span>
          {incident.title}
          <span className={styles.secondary}>
            {' · '}
            {codeLabel(t, 'serviceHealth.kind', incident.kind)} {incident.reference}
          </span>
        </span>
      </Text>
      <div className={styles.meta}>
        <Badge appearance="tint" color={SEVERITY_COLOR[incident.severity]}>
          {t('serviceHealth.severityLabel', { severity: codeLabel(t, 'serviceHealth.severity', incident.severity) })}
        </Badge>
        <Badge appearance="outline" color={resolved ? 'success' : 'brand'}>
          {codeLabel(t, 'serviceHealth.status', incident.status)}
        </Badge>
        <Text className={styles.secondary}>{incident.product.name}</Text>
      </div>
      <Text className={styles.secondary}>
        {resolved
          ? t('serviceHealth.period', {
              start: format.dateTime(incident.startsAt),
              end: format.dateTime(incident.endsAt),
            })
          : t('serviceHealth.since', { start: format.dateTime(incident.startsAt) })}
      </Text>
      {latest ? (
        <Accordion collapsible>
          <AccordionItem value="updates">
            <AccordionHeader size="small">
              {t('serviceHealth.updates', { count: incident.updates.length })}
            </AccordionHeader>
            <AccordionPanel>
              <ol className={styles.updates}>
                {incident.updates.map((update) => (
                  <li key={update.id} className={styles.update}>
                    <Text className={styles.secondary}>
                      {format.dateTime(update.postedAt)} · {codeLabel(t, 'serviceHealth.status', update.status)}
                    </Text>
                    <p className={styles.message}>{update.message}</p>
                  </li>
                ))}
              </ol>
            </AccordionPanel>
          </AccordionItem>
        </Accordion>
      ) : null}
    </article>
  );
}
