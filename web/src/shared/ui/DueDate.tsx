import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ClockAlarmRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format';
import { VisuallyHidden } from './VisuallyHidden';

const useStyles = makeStyles({
  root: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, whiteSpace: 'nowrap' },
  soon: { color: tokens.colorPaletteDarkOrangeForeground2, fontWeight: tokens.fontWeightSemibold },
  icon: { fontSize: '16px', flexShrink: 0 },
});

/** A date (through Intl), highlighted with an icon and a spoken note when it falls within the next 30 days. */
export function DueDate({ iso, soon }: { iso: string | null; soon: boolean }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  if (!iso) return <span>{t('common.none')}</span>;
  return (
    <span className={mergeClasses(styles.root, soon && styles.soon)}>
      {soon ? <ClockAlarmRegular className={styles.icon} aria-hidden /> : null}
      <time dateTime={iso}>{format.date(iso)}</time>
      {soon ? <VisuallyHidden>{t('common.within30Days')}</VisuallyHidden> : null}
    </span>
  );
}
