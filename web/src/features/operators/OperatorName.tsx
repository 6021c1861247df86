import { Badge, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Operator } from './types';

const useStyles = makeStyles({
  root: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  name: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  unnamed: { color: tokens.colorNeutralForeground2, fontStyle: 'italic' },
});

/** How an operator is named in titles and messages: their name, or their address until they choose a name. */
export function operatorName(operator: Pick<Operator, 'displayName' | 'email'>): string {
  return operator.displayName.trim() || operator.email;
}

/** The name cell: the name (or "not chosen yet" for an invited operator) and a "You" badge on your own row. */
export function OperatorName({ operator }: { operator: Operator }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const name = operator.displayName.trim();
  return (
    <span className={styles.root}>
      {name ? (
        <Text weight="semibold" className={styles.name}>
          {name}
        </Text>
      ) : (
        <Text className={styles.unnamed}>{t('operators.noName')}</Text>
      )}
      {operator.isSelf ? (
        <Badge appearance="tint" color="brand" size="small">
          {t('operators.you')}
        </Badge>
      ) : null}
    </span>
  );
}
