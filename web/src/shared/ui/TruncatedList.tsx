import { makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { VisuallyHidden } from './VisuallyHidden';

const useStyles = makeStyles({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    minWidth: 0,
    maxWidth: '100%',
  },
  first: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 },
  more: {
    flexShrink: 0,
    padding: `0 ${tokens.spacingHorizontalXS}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
  },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/**
 * A compact list: the first entry and "+n". Screen readers get the whole list as text; for sighted people, put
 * <TruncatedListTooltip> in a tooltip of the focusable element around it (a grid cell).
 */
export function TruncatedList({ items, empty }: { items: readonly string[]; empty?: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [first] = items;
  if (first === undefined) return <span>{empty ?? t('common.none')}</span>;
  const rest = items.length - 1;
  return (
    <span className={styles.root}>
      <span className={styles.first} aria-hidden>
        {first}
      </span>
      {rest > 0 ? (
        <span className={styles.more} aria-hidden>
          +{rest}
        </span>
      ) : null}
      <VisuallyHidden>{items.join(', ')}</VisuallyHidden>
    </span>
  );
}

/** The whole list, for the tooltip of a <TruncatedList>. */
export function TruncatedListTooltip({ items }: { items: readonly string[] }) {
  const styles = useStyles();
  return (
    <ul className={styles.list}>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}
