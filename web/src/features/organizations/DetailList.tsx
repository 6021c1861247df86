import type { ReactNode } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  list: {
    display: 'grid',
    gridTemplateColumns: 'minmax(12em, max-content) 1fr',
    columnGap: tokens.spacingHorizontalXXL,
    rowGap: tokens.spacingVerticalM,
    margin: 0,
    '@media (max-width: 640px)': { gridTemplateColumns: '1fr' },
  },
  pair: { display: 'contents' },
  term: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
  value: { margin: 0, overflowWrap: 'anywhere' },
});

/** A description list of label → value pairs. */
export function DetailList({ entries }: { entries: ReadonlyArray<{ label: string; value: ReactNode }> }) {
  const styles = useStyles();
  return (
    <dl className={styles.list}>
      {entries.map((entry) => (
        <div key={entry.label} className={styles.pair}>
          <dt className={styles.term}>{entry.label}</dt>
          <dd className={styles.value}>{entry.value}</dd>
        </div>
      ))}
    </dl>
  );
}
