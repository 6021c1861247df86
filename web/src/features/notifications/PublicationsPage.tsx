import { useRef, useState } from 'react';
import {
  Badge,
  Button,
  makeStyles,
  mergeClasses,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Toaster,
  tokens,
  useId,
} from '@fluentui/react-components';
import { MegaphoneRegular, SendRegular, SubtractCircleRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../shared/format';
import { ConfirmDialog } from '../../shared/ui/ConfirmDialog';
import { LoadMore } from '../../shared/ui/LoadMore';
import { PageHeader } from '../../shared/ui/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/states';
import { roleList } from '../operators/roles';
import { CategoryBadge, inLanguage, useTextLanguage, workspaceName } from './labels';
import { PublishDialog } from './PublishDialog';
import { useDistributors, usePublications, useWithdraw } from './queries';
import type { Publication, PublicationStatus } from './types';
import { useNotify, type Notify } from './useNotify';

const useStyles = makeStyles({
  scroller: { overflowX: 'auto', minWidth: 0 },
  // Sized by their content: the title takes what the figures leave.
  table: { tableLayout: 'auto', minWidth: '960px' },
  title: { minWidth: '16em' },
  date: { whiteSpace: 'nowrap' },
  status: {},
  reach: { whiteSpace: 'nowrap' },
  figure: { whiteSpace: 'nowrap' },
  actions: { whiteSpace: 'nowrap' },
  cell: { paddingBlock: tokens.spacingVerticalS, verticalAlign: 'top' },
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  // The badge flows with the text after it, which wraps under it like a sentence.
  meta: { display: 'block', lineHeight: tokens.lineHeightBase400 },
  badge: { marginInlineEnd: tokens.spacingHorizontalS, verticalAlign: 'text-bottom' },
  titleText: { overflowWrap: 'anywhere', fontWeight: tokens.fontWeightSemibold },
  secondary: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
  overdue: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
});

const STATUS_COLORS = {
  scheduled: 'warning',
  published: 'success',
  withdrawn: 'subtle',
} as const satisfies Record<PublicationStatus, string>;

/**
 * /notifications/publications (the vendor's Admins) — what the vendor published to the channel: reach, reads,
 * completions and overdue organisations; publish an action or a notification; withdraw one, after confirming.
 */
export function PublicationsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const toasterId = useId('publications-toaster');
  const notify = useNotify(toasterId);
  const [publishing, setPublishing] = useState(false);
  const publishRef = useRef<HTMLButtonElement>(null);
  const list = usePublications();
  const language = useTextLanguage();

  const closePublish = () => {
    setPublishing(false);
    requestAnimationFrame(() => publishRef.current?.focus());
  };

  const publishButton = (
    <Button
      ref={publishRef}
      appearance="primary"
      icon={<SendRegular />}
      onClick={() => {
        setPublishing(true);
      }}
    >
      {t('publications.publish')}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={t('nav.publications')}
        subtitle={
          list.data
            ? `${t('publications.intro')} ${t('publications.total', {
                count: list.totalCount,
                formatted: format.number(list.totalCount),
              })}.`
            : t('publications.intro')
        }
        actions={publishButton}
      />
      <Toaster toasterId={toasterId} position="bottom-end" />
      <section aria-label={t('publications.listLabel')}>
        <PublicationList list={list} notify={notify} />
      </section>
      <PublishDialog
        open={publishing}
        onOpenChange={(open) => {
          if (open) setPublishing(true);
          else closePublish();
        }}
        onPublished={(publication) => {
          closePublish();
          const title = inLanguage(publication.title, language);
          notify(
            'success',
            publication.status === 'scheduled'
              ? t('publications.form.scheduled', { title, date: format.dateTime(publication.publishAt) })
              : t('publications.form.published', {
                  title,
                  organizations: t('publications.organizations', {
                    count: publication.reach.organizations,
                    formatted: format.number(publication.reach.organizations),
                  }),
                }),
          );
        }}
      />
    </>
  );
}

function PublicationList({ list, notify }: { list: ReturnType<typeof usePublications>; notify: Notify }) {
  const { t } = useTranslation();
  const styles = useStyles();
  if (list.isPending) return <LoadingState />;
  if (list.isError && list.items.length === 0) {
    return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  }
  if (list.items.length === 0) {
    return (
      <EmptyState icon={<MegaphoneRegular />} title={t('publications.empty.title')}>
        {t('publications.empty.body')}
      </EmptyState>
    );
  }
  return (
    <div className={styles.list}>
      {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      <PublicationTable items={list.items} notify={notify} />
      <LoadMore
        shown={list.items.length}
        total={list.totalCount}
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoadMore={() => void list.fetchNextPage()}
      />
    </div>
  );
}

function PublicationTable({ items, notify }: { items: Publication[]; notify: Notify }) {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const language = useTextLanguage();
  const distributors = useDistributors(items.some((item) => item.audience.distributorId !== null));
  const distributorName = (id: string) =>
    distributors.data?.items.find((d) => d.id === id)?.name ?? t('publications.audience.aDistributor');
  const listFormat = new Intl.ListFormat(i18n.language, { type: 'conjunction' });
  /** "All partners and customers", "The whole channel of Contoso", "A list of organisations". */
  const summary = (publication: Publication) => {
    const { kinds, distributorId } = publication.audience;
    const listed = (kinds ?? []).filter((kind) => kind !== 'vendor');
    const kindText = listFormat.format(listed.map((kind) => t(`publications.kindPlural.${kind}`)));
    if (distributorId) {
      const distributor = distributorName(distributorId);
      return listed.length > 0
        ? t('publications.audience.kindsInChannel', { kinds: kindText, distributor })
        : t('publications.audience.channel', { distributor });
    }
    if (listed.length > 0) return t('publications.audience.kinds', { kinds: kindText });
    return t('publications.audience.list');
  };
  const none = <Text className={styles.muted}>{t('common.none')}</Text>;

  return (
    <div className={styles.scroller}>
      <Table aria-label={t('publications.listLabel')} className={styles.table}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={styles.title}>{t('publications.columns.title')}</TableHeaderCell>
            <TableHeaderCell className={styles.date}>{t('publications.columns.publishAt')}</TableHeaderCell>
            <TableHeaderCell className={styles.date}>{t('publications.columns.dueAt')}</TableHeaderCell>
            <TableHeaderCell className={styles.status}>{t('publications.columns.status')}</TableHeaderCell>
            <TableHeaderCell className={styles.reach}>{t('publications.columns.reach')}</TableHeaderCell>
            <TableHeaderCell className={styles.figure}>{t('publications.columns.reads')}</TableHeaderCell>
            <TableHeaderCell className={styles.figure}>{t('publications.columns.completions')}</TableHeaderCell>
            <TableHeaderCell className={styles.figure}>{t('publications.columns.overdue')}</TableHeaderCell>
            <TableHeaderCell className={styles.actions}>{t('publications.columns.actions')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((publication) => {
            const title = inLanguage(publication.title, language);
            const isAction = publication.type === 'action';
            return (
              <TableRow key={publication.id}>
                <TableCell className={styles.cell}>
                  <span className={styles.stack}>
                    <Text className={styles.titleText}>{title}</Text>
                    <span className={styles.meta}>
                      <CategoryBadge category={publication.category} className={styles.badge} />
                      <Text size={200} className={styles.secondary}>
                        {workspaceName(t, publication.workspace)} · {summary(publication)}
                      </Text>
                    </span>
                    {publication.roles ? (
                      <Text size={200} className={styles.secondary}>
                        {t('publications.onlyRoles', { roles: roleList(t, publication.roles) })}
                      </Text>
                    ) : null}
                  </span>
                </TableCell>
                <TableCell className={mergeClasses(styles.cell, styles.date)}>
                  <time dateTime={publication.publishAt}>
                    {publication.status === 'scheduled'
                      ? format.dateTime(publication.publishAt)
                      : format.date(publication.publishAt)}
                  </time>
                </TableCell>
                <TableCell className={mergeClasses(styles.cell, styles.date)}>
                  {publication.dueAt ? (
                    <time dateTime={publication.dueAt}>{format.date(publication.dueAt)}</time>
                  ) : (
                    none
                  )}
                </TableCell>
                <TableCell className={styles.cell}>
                  <span className={styles.stack}>
                    <span>
                      <Badge appearance="tint" color={STATUS_COLORS[publication.status]}>
                        {t(`publications.status.${publication.status}`)}
                      </Badge>
                    </span>
                    {publication.withdrawnAt ? (
                      <Text size={200} className={styles.secondary}>
                        <time dateTime={publication.withdrawnAt}>{format.date(publication.withdrawnAt)}</time>
                      </Text>
                    ) : null}
                  </span>
                </TableCell>
                <TableCell className={mergeClasses(styles.cell, styles.reach)}>
                  <span className={styles.stack}>
                    <Text wrap={false}>
                      {t('publications.organizations', {
                        count: publication.reach.organizations,
                        formatted: format.number(publication.reach.organizations),
                      })}
                    </Text>
                    <Text wrap={false} size={200} className={styles.secondary}>
                      {t('publications.users', {
                        count: publication.reach.users,
                        formatted: format.number(publication.reach.users),
                      })}
                    </Text>
                  </span>
                </TableCell>
                <TableCell className={mergeClasses(styles.cell, styles.figure)}>
                  {t('publications.outOf', {
                    part: format.number(publication.reads),
                    total: format.number(publication.reach.users),
                  })}
                </TableCell>
                <TableCell className={mergeClasses(styles.cell, styles.figure)}>
                  {isAction
                    ? t('publications.outOf', {
                        part: format.number(publication.completions),
                        total: format.number(publication.reach.organizations),
                      })
                    : none}
                </TableCell>
                <TableCell className={mergeClasses(styles.cell, styles.figure)}>
                  {isAction ? (
                    <Text className={publication.overdue > 0 ? styles.overdue : undefined}>
                      {format.number(publication.overdue)}
                    </Text>
                  ) : (
                    none
                  )}
                </TableCell>
                <TableCell className={mergeClasses(styles.cell, styles.actions)}>
                  {publication.status === 'withdrawn' ? null : (
                    <WithdrawButton publication={publication} title={title} notify={notify} />
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}

function WithdrawButton({ publication, title, notify }: { publication: Publication; title: string; notify: Notify }) {
  const { t } = useTranslation();
  const withdraw = useWithdraw();
  return (
    <ConfirmDialog
      trigger={
        <Button size="small" icon={<SubtractCircleRegular />} aria-label={t('publications.withdrawLabel', { title })}>
          {t('publications.withdraw')}
        </Button>
      }
      title={t('publications.withdrawTitle')}
      body={t('publications.withdrawBody', { title })}
      confirmLabel={t('publications.withdraw')}
      mutation={withdraw}
      onConfirm={(close) => {
        withdraw.mutate(publication.id, {
          onSuccess: () => {
            close();
            notify('success', t('publications.withdrawn', { title }));
          },
        });
      }}
    />
  );
}
