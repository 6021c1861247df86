import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { KeyRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../shared/format';
import { PageHeader } from '../../shared/ui/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/states';
import { CreateTokenDialog } from './CreateTokenDialog';
import { useTokens } from './queries';
import { RevokeTokenDialog } from './RevokeTokenDialog';

const useStyles = makeStyles({
  prefix: { fontFamily: tokens.fontFamilyMonospace },
});

/** /settings/tokens — the user's API tokens: list, create (secret shown once), revoke. */
export function TokensPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const list = useTokens();
  const title = t('nav.tokens');

  return (
    <>
      <PageHeader title={title} subtitle={t('tokens.intro')} actions={<CreateTokenDialog />} />
      {list.isPending ? <LoadingState /> : null}
      {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.items.length === 0 ? (
        <EmptyState icon={<KeyRegular />} title={t('tokens.empty')} />
      ) : null}
      {list.data && list.data.items.length > 0 ? (
        <Table aria-label={title}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('tokens.columns.name')}</TableHeaderCell>
              <TableHeaderCell>{t('tokens.columns.prefix')}</TableHeaderCell>
              <TableHeaderCell>{t('tokens.columns.createdAt')}</TableHeaderCell>
              <TableHeaderCell>{t('tokens.columns.lastUsedAt')}</TableHeaderCell>
              <TableHeaderCell>{t('tokens.columns.expiresAt')}</TableHeaderCell>
              <TableHeaderCell>{t('tokens.columns.actions')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.data.items.map((token) => (
              <TableRow key={token.id}>
                <TableCell>{token.name}</TableCell>
                <TableCell className={styles.prefix}>{token.prefix}</TableCell>
                <TableCell>{format.dateTime(token.createdAt)}</TableCell>
                <TableCell>{token.lastUsedAt ? format.dateTime(token.lastUsedAt) : t('tokens.neverUsed')}</TableCell>
                <TableCell>{token.expiresAt ? format.date(token.expiresAt) : t('tokens.noExpiry')}</TableCell>
                <TableCell>
                  <RevokeTokenDialog token={token} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </>
  );
}
