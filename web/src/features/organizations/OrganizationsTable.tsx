import type { KeyboardEvent } from 'react';
import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useFormat } from '../../shared/format';
import type { OrganizationSummary } from './types';

const useStyles = makeStyles({
  row: { cursor: 'pointer' },
  link: {
    color: tokens.colorBrandForegroundLink,
    fontWeight: tokens.fontWeightSemibold,
    textDecorationLine: 'none',
    ':hover': { textDecorationLine: 'underline' },
  },
});

/** Organisations as a table; a click or Enter on a row opens the organisation. */
export function OrganizationsTable({ label, items }: { label: string; items: OrganizationSummary[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const navigate = useNavigate();
  const open = (id: string) => void navigate(`/organizations/${encodeURIComponent(id)}`);
  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, id: string) => {
    if (event.key === 'Enter' && event.target === event.currentTarget) open(id);
  };

  return (
    <Table aria-label={label}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{t('organizations.columns.name')}</TableHeaderCell>
          <TableHeaderCell>{t('organizations.columns.primaryDomain')}</TableHeaderCell>
          <TableHeaderCell>{t('organizations.columns.country')}</TableHeaderCell>
          <TableHeaderCell>{t('organizations.columns.language')}</TableHeaderCell>
          <TableHeaderCell>{t('organizations.columns.createdAt')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((organization) => (
          <TableRow
            key={organization.id}
            tabIndex={0}
            className={styles.row}
            onClick={() => {
              open(organization.id);
            }}
            onKeyDown={(event) => {
              onKeyDown(event, organization.id);
            }}
          >
            <TableCell>
              <Link
                to={`/organizations/${encodeURIComponent(organization.id)}`}
                className={styles.link}
                tabIndex={-1}
                onClick={(event) => {
                  event.stopPropagation();
                }}
              >
                {organization.name}
              </Link>
            </TableCell>
            <TableCell>{organization.primaryDomain}</TableCell>
            <TableCell>{format.country(organization.country)}</TableCell>
            <TableCell>{t(`languageName.${organization.language}`)}</TableCell>
            <TableCell>{format.date(organization.createdAt)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
