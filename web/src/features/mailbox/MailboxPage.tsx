import { useState } from 'react';
import { Button, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { ArrowClockwiseRegular, MailInboxRegular, MailOffRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../shared/api';
import { useFormat } from '../../shared/format';
import { LoadMore } from '../../shared/ui/LoadMore';
import { SearchForm } from '../../shared/ui/SearchForm';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/states';
import { PublicFrame } from '../onboarding/PublicFrame';
import { linkify } from './linkify';
import { useMailbox } from './queries';
import type { MailMessage } from './types';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalL,
  },
  title: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground2, margin: `${tokens.spacingVerticalXS} 0 0` },
  tools: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(260px, 360px) minmax(0, 1fr)',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
    '@media (max-width: 800px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '2px' },
  item: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: '2px',
    width: '100%',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    border: `${tokens.strokeWidthThin} solid transparent`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    textAlign: 'start',
    font: 'inherit',
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  selected: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorBrandStroke1}`,
  },
  subject: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  meta: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  message: {
    padding: tokens.spacingHorizontalXL,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    minWidth: 0,
  },
  messageTitle: { margin: `0 0 ${tokens.spacingVerticalS}`, overflowWrap: 'anywhere' },
  headers: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalM,
    margin: `0 0 ${tokens.spacingVerticalL}`,
  },
  term: { color: tokens.colorNeutralForeground2 },
  definition: { margin: 0, overflowWrap: 'anywhere' },
  body: {
    margin: 0,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    paddingTop: tokens.spacingVerticalL,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  link: { color: tokens.colorBrandForegroundLink, textDecorationLine: 'underline' },
});

/** /dev/mailbox — the messages the server kept instead of sending them (development, no SMTP_URL). Public. */
export function MailboxPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const recipient = params.get('recipient') ?? '';
  const mailbox = useMailbox(recipient);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const off = isApiError(mailbox.error, 404);
  const selected = mailbox.items.find((message) => message.id === selectedId) ?? mailbox.items[0];

  return (
    <PublicFrame title={t('mailbox.title')} width="wide">
      <div className={styles.header}>
        <div>
          <Text as="h1" size={700} weight="semibold" className={styles.title} block>
            {t('mailbox.title')}
          </Text>
          {off ? null : (
            <Text as="p" className={styles.muted} block>
              {t('mailbox.intro')}
            </Text>
          )}
        </div>
        {off ? null : (
          <div className={styles.tools}>
            <SearchForm
              key={recipient}
              label={t('mailbox.recipientFilter')}
              value={recipient}
              buttonLabel={t('mailbox.filter')}
              onSearch={(value) => {
                setSelectedId(null);
                setParams(value ? { recipient: value } : {});
              }}
            />
            <Button
              icon={<ArrowClockwiseRegular />}
              disabledFocusable={mailbox.isFetching}
              onClick={() => void mailbox.refetch()}
            >
              {t('mailbox.refresh')}
            </Button>
          </div>
        )}
      </div>
      {mailbox.isPending ? <LoadingState /> : null}
      {off ? (
        <EmptyState icon={<MailOffRegular />} title={t('mailbox.offTitle')}>
          {t('mailbox.offBody')}
        </EmptyState>
      ) : mailbox.isError ? (
        <ErrorState error={mailbox.error} onRetry={() => void mailbox.refetch()} />
      ) : null}
      {mailbox.data && mailbox.items.length === 0 ? (
        <EmptyState
          icon={<MailInboxRegular />}
          title={recipient ? t('mailbox.emptyFor', { recipient }) : t('mailbox.empty')}
        />
      ) : null}
      {selected ? (
        <div className={styles.layout}>
          <div>
            <ul className={styles.list} aria-label={t('mailbox.messages')}>
              {mailbox.items.map((message) => {
                const current = message.id === selected.id;
                return (
                  <li key={message.id}>
                    <button
                      type="button"
                      className={mergeClasses(styles.item, current && styles.selected)}
                      aria-current={current ? 'true' : undefined}
                      aria-labelledby={`mail-${message.id}-subject`}
                      aria-describedby={`mail-${message.id}-meta`}
                      onClick={() => {
                        setSelectedId(message.id);
                      }}
                    >
                      <span id={`mail-${message.id}-subject`} className={styles.subject}>
                        {message.subject}
                      </span>
                      <span id={`mail-${message.id}-meta`} className={styles.meta}>
                        {message.recipient} · {format.dateTime(message.createdAt)}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
            <LoadMore
              shown={mailbox.items.length}
              total={mailbox.totalCount}
              hasMore={mailbox.hasNextPage}
              loading={mailbox.isFetchingNextPage}
              onLoadMore={() => void mailbox.fetchNextPage()}
            />
          </div>
          <MessageView message={selected} />
        </div>
      ) : null}
    </PublicFrame>
  );
}

function MessageView({ message }: { message: MailMessage }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  return (
    <article className={styles.message} aria-labelledby="mail-view-subject">
      <Text as="h2" id="mail-view-subject" size={500} weight="semibold" className={styles.messageTitle} block>
        {message.subject}
      </Text>
      <dl className={styles.headers}>
        <dt className={styles.term}>{t('mailbox.to')}</dt>
        <dd className={styles.definition}>{message.recipient}</dd>
        <dt className={styles.term}>{t('mailbox.received')}</dt>
        <dd className={styles.definition}>{format.dateTime(message.createdAt)}</dd>
      </dl>
      <pre className={styles.body}>{linkify(message.text, styles.link)}</pre>
    </article>
  );
}
