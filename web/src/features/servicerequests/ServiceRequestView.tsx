import { useState, type SubmitEvent } from 'react';
import {
  Button,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { ArrowLeftRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../shared/api';
import { useFormat } from '../../shared/format';
import { ErrorState, LoadingState } from '../../shared/ui/states';
import { DetailList } from '../organizations/DetailList';
import { SeverityBadge, StatusBadge } from './labels';
import { useServiceRequest, useUpdateServiceRequest } from './queries';
import { STATUSES, type ServiceRequestDetail, type Status } from './types';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  back: { alignSelf: 'flex-start' },
  heading: { display: 'block', margin: 0 },
  subheading: { display: 'block', margin: `0 0 ${tokens.spacingVerticalS}` },
  badges: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  description: { margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  notes: {
    margin: 0,
    padding: 0,
    listStyleType: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  note: {
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  noteMeta: { display: 'block', color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  noteBody: { margin: `${tokens.spacingVerticalXS} 0 0`, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'stretch' },
  statusForm: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalS },
  submit: { alignSelf: 'flex-start' },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** One service request of the customer's pane: facts, description, notes thread, and for writers a note and status. */
export function ServiceRequestView({
  id,
  customerId,
  canWrite,
  onBack,
}: {
  id: string;
  customerId: string;
  canWrite: boolean;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const request = useServiceRequest(id);

  const back = (
    <Button className={styles.back} appearance="subtle" icon={<ArrowLeftRegular />} onClick={onBack}>
      {t('serviceRequests.back')}
    </Button>
  );
  if (request.isPending) {
    return (
      <div className={styles.root}>
        {back}
        <LoadingState label={t('serviceRequests.loadingOne')} />
      </div>
    );
  }
  if (request.isError) {
    return (
      <div className={styles.root}>
        {back}
        {isApiError(request.error, 404) ? (
          <ErrorState error={request.error} />
        ) : (
          <ErrorState error={request.error} onRetry={() => void request.refetch()} />
        )}
      </div>
    );
  }
  return (
    <div className={styles.root}>
      {back}
      <RequestBody
        request={request.data.data}
        etag={request.data.etag}
        customerId={customerId}
        canWrite={canWrite}
        onStale={() => void request.refetch()}
      />
    </div>
  );
}

function RequestBody({
  request,
  etag,
  customerId,
  canWrite,
  onStale,
}: {
  request: ServiceRequestDetail;
  etag: string | null;
  customerId: string;
  canWrite: boolean;
  onStale: () => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const headingId = `service-request-${request.id}`;
  const createdBy = request.createdBy.userName
    ? t('serviceRequests.createdByUser', {
        user: request.createdBy.userName,
        organization: request.createdBy.organizationName,
      })
    : request.createdBy.organizationName;

  return (
    <article aria-labelledby={headingId} className={styles.root}>
      <div>
        <Text as="h3" id={headingId} size={500} weight="semibold" className={styles.heading}>
          {t('serviceRequests.heading', { number: request.number, title: request.title })}
        </Text>
      </div>
      <div className={styles.badges}>
        <SeverityBadge severity={request.severity} />
        <StatusBadge status={request.status} />
      </div>
      <DetailList
        entries={[
          { label: t('serviceRequests.fields.product'), value: request.product?.name ?? t('common.none') },
          {
            label: t('serviceRequests.fields.contact'),
            value: [request.contact.name, request.contact.email, request.contact.phone].filter(Boolean).join(' · '),
          },
          {
            label: t('serviceRequests.fields.createdBy'),
            value: request.createdBy.onBehalf
              ? t('serviceRequests.onBehalf', { who: createdBy, customer: request.customerName })
              : createdBy,
          },
          { label: t('serviceRequests.columns.createdAt'), value: format.dateTime(request.createdAt) },
          { label: t('serviceRequests.fields.updatedAt'), value: format.dateTime(request.updatedAt) },
          ...(request.closedAt
            ? [{ label: t('serviceRequests.fields.closedAt'), value: format.dateTime(request.closedAt) }]
            : []),
        ]}
      />
      <section aria-labelledby={`${headingId}-description`}>
        <Text as="h4" id={`${headingId}-description`} weight="semibold" className={styles.subheading}>
          {t('serviceRequests.fields.description')}
        </Text>
        <p className={styles.description}>{request.description}</p>
      </section>
      <section aria-labelledby={`${headingId}-notes`}>
        <Text as="h4" id={`${headingId}-notes`} weight="semibold" className={styles.subheading}>
          {t('serviceRequests.notes', { count: request.notes.length })}
        </Text>
        {request.notes.length === 0 ? (
          <Text className={styles.muted}>{t('serviceRequests.noNotes')}</Text>
        ) : (
          <ol className={styles.notes}>
            {request.notes.map((note) => (
              <li key={note.id} className={styles.note}>
                <span className={styles.noteMeta}>
                  {note.authorName} ({note.authorOrganizationName}) · {format.dateTime(note.createdAt)}
                </span>
                <p className={styles.noteBody}>{note.body}</p>
              </li>
            ))}
          </ol>
        )}
      </section>
      {canWrite ? <RequestChanges request={request} etag={etag} customerId={customerId} onStale={onStale} /> : null}
    </article>
  );
}

/** "Add a note" and "Change status", both sent with If-Match: a 412 means someone changed the request meanwhile. */
function RequestChanges({
  request,
  etag,
  customerId,
  onStale,
}: {
  request: ServiceRequestDetail;
  etag: string | null;
  customerId: string;
  onStale: () => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const update = useUpdateServiceRequest(request.id, customerId);
  const [note, setNote] = useState('');
  const [noteTouched, setNoteTouched] = useState(false);
  // The status chosen in the form; until people choose one, the request's current status (which may change live).
  const [chosenStatus, setStatus] = useState<Status | null>(null);
  const status = chosenStatus ?? request.status;
  const [done, setDone] = useState<'note' | 'status' | null>(null);
  const headingId = `service-request-${request.id}-changes`;

  const noteError = noteTouched && note.trim() === '' ? t('serviceRequests.validation.noteRequired') : undefined;
  const stale = isApiError(update.error, 412);

  const send = (change: { status?: Status; note?: string }, what: 'note' | 'status') => {
    setDone(null);
    update.mutate(
      { change, etag },
      {
        onSuccess: () => {
          setDone(what);
          if (what === 'note') {
            setNote('');
            setNoteTouched(false);
          } else {
            setStatus(null);
          }
        },
        onError: (error) => {
          // Someone else changed it: show the current version; what the person typed stays in the form.
          if (isApiError(error, 412)) onStale();
        },
      },
    );
  };

  const onAddNote = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setNoteTouched(true);
    if (note.trim() === '') return;
    send({ note: note.trim() }, 'note');
  };
  const onChangeStatus = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (status === request.status) return;
    send({ status }, 'status');
  };

  return (
    <section aria-labelledby={headingId} className={styles.root}>
      <Text as="h4" id={headingId} weight="semibold" className={styles.subheading}>
        {t('serviceRequests.update')}
      </Text>
      {stale ? (
        <MessageBar intent="warning" role="alert">
          <MessageBarBody>{t('serviceRequests.changedMeanwhile')}</MessageBarBody>
        </MessageBar>
      ) : update.isError ? (
        <ErrorState error={update.error} />
      ) : null}
      {done ? (
        <MessageBar intent="success" role="status">
          <MessageBarBody>
            {done === 'note' ? t('serviceRequests.noteAdded') : t('serviceRequests.statusChanged')}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <form className={styles.form} onSubmit={onAddNote} noValidate>
        <Field label={t('serviceRequests.addNoteLabel')} required validationMessage={noteError}>
          <Textarea
            value={note}
            resize="vertical"
            maxLength={5000}
            onChange={(_event, data) => {
              setNote(data.value);
            }}
          />
        </Field>
        <Button type="submit" className={styles.submit} disabledFocusable={update.isPending}>
          {t('serviceRequests.addNote')}
        </Button>
      </form>
      <form className={styles.statusForm} onSubmit={onChangeStatus}>
        <Field label={t('serviceRequests.changeStatusLabel')}>
          <Select
            value={status}
            onChange={(_event, data) => {
              const next = STATUSES.find((value) => value === data.value);
              if (next) setStatus(next);
            }}
          >
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`serviceRequests.status.${value}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" disabledFocusable={update.isPending || status === request.status}>
          {t('serviceRequests.changeStatus')}
        </Button>
      </form>
    </section>
  );
}
