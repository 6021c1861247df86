import { Badge, makeStyles, Text, tokens } from '@fluentui/react-components';
import { ArrowRightRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePendingRelationshipCount } from './queries';

const useStyles = makeStyles({
  section: { marginTop: tokens.spacingVerticalXXL },
  heading: { display: 'block', margin: `0 0 ${tokens.spacingVerticalM}` },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  link: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorBrandForegroundLink,
  },
});

/** A section of the customer's "My organisation" page leading to its delegated-admin relationships. */
export function RelationshipsShortcut() {
  const { t } = useTranslation();
  const styles = useStyles();
  const pending = usePendingRelationshipCount();
  return (
    <section aria-labelledby="relationships-shortcut" className={styles.section}>
      <Text as="h2" id="relationships-shortcut" size={500} weight="semibold" className={styles.heading}>
        {t('relationships.title')}
      </Text>
      <Text as="p" block>
        {t('relationships.shortcutBody')}
      </Text>
      <div className={styles.row}>
        <Link to="/relationships" className={styles.link}>
          {t('relationships.manage')}
          <ArrowRightRegular aria-hidden />
        </Link>
        {pending.data ? (
          <Badge appearance="filled" color="warning">
            {t('relationships.pendingCount', { count: pending.data })}
          </Badge>
        ) : null}
      </div>
    </section>
  );
}
