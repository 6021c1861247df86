import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { CheckmarkCircleFilled, ErrorCircleFilled, WarningFilled } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { Health } from '../customers/types';

const useStyles = makeStyles({
  icon: { fontSize: '20px', flexShrink: 0, verticalAlign: 'middle' },
  healthy: { color: tokens.colorStatusSuccessForeground1 },
  advisory: { color: tokens.colorStatusWarningForeground2 },
  incident: { color: tokens.colorStatusDangerForeground1 },
});

const ICONS = { healthy: CheckmarkCircleFilled, advisory: WarningFilled, incident: ErrorCircleFilled } as const;

/**
 * The icon of a health state. With `labelled`, it is an image named after the state ("Incident"); without, it is
 * decoration and the text next to it says the state.
 */
export function HealthIcon({ health, labelled = false }: { health: Health; labelled?: boolean }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const Icon = ICONS[health];
  const className = mergeClasses(styles.icon, styles[health]);
  return labelled ? (
    <Icon className={className} role="img" aria-label={t(`serviceHealth.state.${health}`)} />
  ) : (
    <Icon className={className} aria-hidden />
  );
}
