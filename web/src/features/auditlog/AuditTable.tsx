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
import { useFormat } from '../../shared/format';
import type { AuditEntry } from './queries';

const useStyles = makeStyles({
  code: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
  },
  secondary: { display: 'block', color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/** Audit entries: when, who, what, on what, and the changes as compact JSON. */
export function AuditTable({ label, entries }: { label: string; entries: AuditEntry[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  return (
    <Table aria-label={label}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{t('auditlog.columns.occurredAt')}</TableHeaderCell>
          <TableHeaderCell>{t('auditlog.columns.actor')}</TableHeaderCell>
          <TableHeaderCell>{t('auditlog.columns.action')}</TableHeaderCell>
          <TableHeaderCell>{t('auditlog.columns.target')}</TableHeaderCell>
          <TableHeaderCell>{t('auditlog.columns.changes')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map((entry) => (
          <TableRow key={entry.id}>
            <TableCell>{format.dateTime(entry.occurredAt)}</TableCell>
            <TableCell>
              {entry.actor ? (
                <>
                  {entry.actor.displayName}
                  <span className={styles.secondary}>{entry.actor.email}</span>
                </>
              ) : (
                t('auditlog.system')
              )}
            </TableCell>
            <TableCell>
              <code className={styles.code}>{entry.action}</code>
            </TableCell>
            <TableCell>
              {entry.target.label ?? entry.target.id}
              <span className={styles.secondary}>{entry.target.type}</span>
            </TableCell>
            <TableCell>
              {entry.changes ? <code className={styles.code}>{JSON.stringify(entry.changes)}</code> : t('common.none')}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
