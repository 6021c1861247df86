import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Input,
  makeStyles,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  Text,
  Textarea,
  tokens,
  useId,
} from '@fluentui/react-components';
import { ErrorCircle12Filled, PeopleAudienceRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api';
import { useFormat } from '../../shared/format';
import { ErrorState, errorMessage } from '../../shared/ui/states';
import { roleName } from '../operators/roles';
import { workspaceName } from './labels';
import { useDistributors, usePublish, useReachPreview } from './queries';
import {
  AUDIENCE_KINDS,
  BODY_MAX_LENGTH,
  CATEGORIES,
  isPortalPath,
  isWorkspace,
  LINK_MAX_LENGTH,
  PUBLICATION_ROLES,
  TITLE_MAX_LENGTH,
  typeOf,
  WORKSPACES,
  type AudienceKind,
  type Category,
  type Publication,
  type PublicationInput,
  type PublicationRole,
  type ReachPreviewBody,
  type Workspace,
} from './types';

const useStyles = makeStyles({
  surface: { maxWidth: '880px', width: 'calc(100vw - 48px)' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  intro: { color: tokens.colorNeutralForeground2 },
  pair: {
    display: 'grid',
    gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
    gap: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    '@media (max-width: 640px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  categories: {
    display: 'grid',
    gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
    '@media (max-width: 640px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  option: { display: 'flex', flexDirection: 'column' },
  optionHint: { display: 'block', color: tokens.colorNeutralForeground2, paddingLeft: '36px', marginTop: '-6px' },
  fieldset: { border: 'none', margin: 0, padding: 0, minWidth: 0 },
  legend: { padding: 0, marginBottom: tokens.spacingVerticalXS, fontWeight: tokens.fontWeightSemibold },
  checks: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalL },
  hint: { display: 'block', color: tokens.colorNeutralForeground2, marginTop: tokens.spacingVerticalXXS },
  audience: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
    '@media (max-width: 640px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  error: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorPaletteRedForeground1,
    marginTop: tokens.spacingVerticalXS,
  },
  reach: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  reachIcon: { fontSize: '24px', flexShrink: 0, color: tokens.colorBrandForeground1 },
  reachText: { display: 'flex', flexDirection: 'column' },
});

interface PublishDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onPublished: (publication: Publication) => void;
}

/** "Publish": an action or a notification, in French and English, to part of the channel, now or at a date. */
export function PublishDialog({ open, onOpenChange, onPublished }: PublishDialogProps) {
  const styles = useStyles();
  return (
    <Dialog
      open={open}
      onOpenChange={(_event, data) => {
        onOpenChange(data.open);
      }}
    >
      <DialogSurface className={styles.surface}>
        {open ? <PublishForm onPublished={onPublished} /> : null}
      </DialogSurface>
    </Dialog>
  );
}

interface FormState {
  category: Category;
  workspace: Workspace;
  titleFr: string;
  titleEn: string;
  bodyFr: string;
  bodyEn: string;
  link: string;
  dueDate: string;
  publishAt: string;
  kinds: AudienceKind[];
  distributorId: string;
  roles: PublicationRole[];
}

const INITIAL: FormState = {
  category: 'recommended',
  workspace: 'account',
  titleFr: '',
  titleEn: '',
  bodyFr: '',
  bodyEn: '',
  link: '/',
  dueDate: '',
  publishAt: '',
  kinds: [],
  distributorId: '',
  roles: [],
};

type FieldName = 'titleFr' | 'titleEn' | 'bodyFr' | 'bodyEn' | 'link' | 'dueDate' | 'publishAt' | 'audience';
const FIELD_ORDER: readonly FieldName[] = [
  'titleFr',
  'titleEn',
  'bodyFr',
  'bodyEn',
  'link',
  'dueDate',
  'publishAt',
  'audience',
];

/** The end of a calendar day (yyyy-mm-dd), local time, as an ISO instant. */
function endOfDay(day: string): Date | undefined {
  const [year, month, date] = day.split('-').map(Number);
  if (!year || !month || !date) return undefined;
  return new Date(year, month - 1, date, 23, 59, 59);
}

/** A datetime-local value ("2030-01-31T09:00"), local time. */
function localDateTime(value: string): Date | undefined {
  if (!value) return undefined;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

function audienceOf(form: FormState): ReachPreviewBody['audience'] | undefined {
  if (form.kinds.length === 0 && !form.distributorId) return undefined;
  return {
    ...(form.kinds.length > 0 ? { kinds: form.kinds } : {}),
    ...(form.distributorId ? { distributorId: form.distributorId } : {}),
  };
}

/** Waits for the value to stay the same for `ms` before returning it (the reach preview asks the server). */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  // Compared by content: the form builds a new object at every render.
  const serialized = JSON.stringify(value) ?? '';
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    const timer = window.setTimeout(() => {
      setSettled(latest.current);
    }, ms);
    return () => {
      window.clearTimeout(timer);
    };
  }, [serialized, ms]);
  return settled;
}

/** Which field a refusal of the server is about (its paths look like "/dueAt" or "body/audience/kinds"). */
function serverField(error: unknown): FieldName | undefined {
  if (!(error instanceof ApiError)) return undefined;
  for (const problem of error.fields) {
    const path = problem.path.replace(/^\/?body/, '').replace(/^\//, '');
    if (path.startsWith('audience')) return 'audience';
    if (path.startsWith('dueAt')) return 'dueDate';
    if (path.startsWith('publishAt')) return 'publishAt';
    if (path.startsWith('link')) return 'link';
    if (path === 'title/fr') return 'titleFr';
    if (path === 'title/en') return 'titleEn';
    if (path === 'body/fr') return 'bodyFr';
    if (path === 'body/en') return 'bodyEn';
  }
  return undefined;
}

function PublishForm({ onPublished }: { onPublished: (publication: Publication) => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const publish = usePublish();
  const distributors = useDistributors(true);
  const [form, setForm] = useState<FormState>(INITIAL);
  const [touched, setTouched] = useState(false);
  const refs = useRef<Partial<Record<FieldName, HTMLElement | null>>>({});
  const id = useId('publish');
  const isAction = typeOf(form.category) === 'action';

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    if (publish.isError) publish.reset();
  };

  const now = new Date();
  const publishAt = localDateTime(form.publishAt);
  const due = isAction ? endOfDay(form.dueDate) : undefined;
  const audience = audienceOf(form);
  const client: Partial<Record<FieldName, string>> = {
    titleFr: form.titleFr.trim() ? undefined : t('publications.form.errors.titleFr'),
    titleEn: form.titleEn.trim() ? undefined : t('publications.form.errors.titleEn'),
    bodyFr: form.bodyFr.trim() ? undefined : t('publications.form.errors.bodyFr'),
    bodyEn: form.bodyEn.trim() ? undefined : t('publications.form.errors.bodyEn'),
    link: isPortalPath(form.link.trim()) ? undefined : t('publications.form.errors.link'),
    dueDate: !isAction
      ? undefined
      : !due
        ? t('publications.form.errors.dueRequired')
        : due <= (publishAt && publishAt > now ? publishAt : now)
          ? t('publications.form.errors.dueAfterPublication')
          : undefined,
    publishAt:
      form.publishAt && (!publishAt || publishAt <= now) ? t('publications.form.errors.publishAtPast') : undefined,
    audience: audience ? undefined : t('publications.form.errors.audience'),
  };
  const fromServer = serverField(publish.error);
  const serverDetail = publish.error instanceof ApiError ? (publish.error.detail ?? publish.error.message) : undefined;
  const message = (field: FieldName): string | undefined =>
    (touched ? client[field] : undefined) ?? (fromServer === field ? serverDetail : undefined);

  const preview = useDebounced<ReachPreviewBody | undefined>(
    audience
      ? { workspace: form.workspace, audience, ...(form.roles.length > 0 ? { roles: form.roles } : {}) }
      : undefined,
    400,
  );
  const reach = useReachPreview(preview);

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTouched(true);
    const first = FIELD_ORDER.find((field) => client[field]);
    if (first || !audience) {
      if (first) refs.current[first]?.focus();
      return;
    }
    const body: PublicationInput = {
      category: form.category,
      workspace: form.workspace,
      title: { fr: form.titleFr.trim(), en: form.titleEn.trim() },
      body: { fr: form.bodyFr.trim(), en: form.bodyEn.trim() },
      link: form.link.trim(),
      ...(due ? { dueAt: due.toISOString() } : {}),
      ...(publishAt ? { publishAt: publishAt.toISOString() } : {}),
      audience,
      ...(form.roles.length > 0 ? { roles: form.roles } : {}),
    };
    publish.mutate(body, {
      onSuccess: onPublished,
      onError: (error) => {
        const field = serverField(error);
        if (field) refs.current[field]?.focus();
      },
    });
  };

  const register = (field: FieldName) => (element: HTMLElement | null) => {
    refs.current[field] = element;
  };

  const scheduled = Boolean(publishAt && publishAt > now);
  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogBody>
        <DialogTitle>{t('publications.newTitle')}</DialogTitle>
        <DialogContent className={styles.content}>
          <Text className={styles.intro}>{t('publications.form.intro')}</Text>
          {publish.isError && !fromServer ? <ErrorState error={publish.error} /> : null}

          <Field label={t('publications.form.category')} required>
            <RadioGroup
              className={styles.categories}
              value={form.category}
              onChange={(_event, data) => {
                const category = CATEGORIES.find((value) => value === data.value);
                if (category) set('category', category);
              }}
            >
              {CATEGORIES.map((category) => (
                <div key={category} className={styles.option}>
                  <Radio
                    value={category}
                    label={t(`publications.form.categoryOption.${category}`)}
                    input={{ 'aria-describedby': `${id}-${category}-hint` }}
                  />
                  <Text id={`${id}-${category}-hint`} size={200} className={styles.optionHint}>
                    {t(`publications.form.categoryHint.${category}`)}
                  </Text>
                </div>
              ))}
            </RadioGroup>
          </Field>

          <div className={styles.pair}>
            <Field label={t('publications.form.workspace')} hint={t('publications.form.workspaceHint')} required>
              <Select
                value={form.workspace}
                onChange={(_event, data) => {
                  if (isWorkspace(data.value)) set('workspace', data.value);
                }}
              >
                {WORKSPACES.map((workspace) => (
                  <option key={workspace} value={workspace}>
                    {workspaceName(t, workspace)}
                  </option>
                ))}
              </Select>
            </Field>
            <Field
              label={t('publications.form.link')}
              hint={t('publications.form.linkHint')}
              required
              validationMessage={message('link')}
            >
              <Input
                ref={register('link')}
                value={form.link}
                maxLength={LINK_MAX_LENGTH}
                spellCheck={false}
                onChange={(_event, data) => {
                  set('link', data.value);
                }}
              />
            </Field>
          </div>

          <div className={styles.pair}>
            <Field label={t('publications.form.titleFr')} required validationMessage={message('titleFr')}>
              <Input
                ref={register('titleFr')}
                lang="fr"
                value={form.titleFr}
                maxLength={TITLE_MAX_LENGTH}
                onChange={(_event, data) => {
                  set('titleFr', data.value);
                }}
              />
            </Field>
            <Field label={t('publications.form.titleEn')} required validationMessage={message('titleEn')}>
              <Input
                ref={register('titleEn')}
                lang="en"
                value={form.titleEn}
                maxLength={TITLE_MAX_LENGTH}
                onChange={(_event, data) => {
                  set('titleEn', data.value);
                }}
              />
            </Field>
            <Field label={t('publications.form.bodyFr')} required validationMessage={message('bodyFr')}>
              <Textarea
                ref={register('bodyFr')}
                lang="fr"
                rows={4}
                resize="vertical"
                value={form.bodyFr}
                maxLength={BODY_MAX_LENGTH}
                onChange={(_event, data) => {
                  set('bodyFr', data.value);
                }}
              />
            </Field>
            <Field label={t('publications.form.bodyEn')} required validationMessage={message('bodyEn')}>
              <Textarea
                ref={register('bodyEn')}
                lang="en"
                rows={4}
                resize="vertical"
                value={form.bodyEn}
                maxLength={BODY_MAX_LENGTH}
                onChange={(_event, data) => {
                  set('bodyEn', data.value);
                }}
              />
            </Field>
          </div>

          <div className={styles.pair}>
            {isAction ? (
              <Field
                label={t('publications.form.dueAt')}
                hint={t('publications.form.dueAtHint')}
                required
                validationMessage={message('dueDate')}
              >
                <Input
                  ref={register('dueDate')}
                  type="date"
                  value={form.dueDate}
                  onChange={(_event, data) => {
                    set('dueDate', data.value);
                  }}
                />
              </Field>
            ) : (
              <div />
            )}
            <Field
              label={t('publications.form.publishAt')}
              hint={t('publications.form.publishAtHint')}
              validationMessage={message('publishAt')}
            >
              <Input
                ref={register('publishAt')}
                type="datetime-local"
                value={form.publishAt}
                onChange={(_event, data) => {
                  set('publishAt', data.value);
                }}
              />
            </Field>
          </div>

          <fieldset
            className={styles.fieldset}
            aria-describedby={message('audience') ? `${id}-audience-error` : undefined}
          >
            <legend className={styles.legend}>{t('publications.form.audience')}</legend>
            <div className={styles.audience}>
              <div role="group" aria-labelledby={`${id}-kinds`}>
                <Text id={`${id}-kinds`} block>
                  {t('publications.form.kinds')}
                </Text>
                <div className={styles.checks}>
                  {AUDIENCE_KINDS.map((kind, index) => (
                    <Checkbox
                      key={kind}
                      ref={index === 0 ? register('audience') : undefined}
                      label={t(`publications.kind.${kind}`)}
                      checked={form.kinds.includes(kind)}
                      onChange={(_event, data) => {
                        set(
                          'kinds',
                          AUDIENCE_KINDS.filter((k) => (k === kind ? data.checked === true : form.kinds.includes(k))),
                        );
                      }}
                    />
                  ))}
                </div>
              </div>
              <Field label={t('publications.form.channel')} hint={t('publications.form.channelHint')}>
                <Select
                  value={form.distributorId}
                  onChange={(_event, data) => {
                    set('distributorId', data.value);
                  }}
                >
                  <option value="">{t('publications.form.everyChannel')}</option>
                  {(distributors.data?.items ?? []).map((distributor) => (
                    <option key={distributor.id} value={distributor.id}>
                      {distributor.name}
                    </option>
                  ))}
                </Select>
              </Field>
            </div>
            {message('audience') ? (
              <Text id={`${id}-audience-error`} size={200} className={styles.error}>
                <ErrorCircle12Filled aria-hidden />
                {message('audience')}
              </Text>
            ) : null}
          </fieldset>

          <fieldset className={styles.fieldset} aria-describedby={`${id}-roles-hint`}>
            <legend className={styles.legend}>{t('publications.form.roles')}</legend>
            <div className={styles.checks}>
              {PUBLICATION_ROLES.map((role) => (
                <Checkbox
                  key={role}
                  label={roleName(t, role)}
                  checked={form.roles.includes(role)}
                  onChange={(_event, data) => {
                    set(
                      'roles',
                      PUBLICATION_ROLES.filter((r) => (r === role ? data.checked === true : form.roles.includes(r))),
                    );
                  }}
                />
              ))}
            </div>
            <Text id={`${id}-roles-hint`} size={200} className={styles.hint}>
              {t('publications.form.rolesHint')}
            </Text>
          </fieldset>

          <section className={styles.reach} aria-labelledby={`${id}-reach`}>
            <PeopleAudienceRegular className={styles.reachIcon} aria-hidden />
            <div className={styles.reachText}>
              <Text id={`${id}-reach`} weight="semibold">
                {t('publications.form.reach')}
              </Text>
              <Text aria-live="polite">
                {!preview ? (
                  t('publications.form.reachUnknown')
                ) : reach.isError ? (
                  errorMessage(reach.error, t)
                ) : !reach.data ? (
                  <Spinner size="extra-tiny" label={t('common.loading')} />
                ) : reach.data.organizations === 0 ? (
                  t('publications.form.reachNobody')
                ) : (
                  t('publications.form.reachNow', {
                    organizations: t('publications.organizations', {
                      count: reach.data.organizations,
                      formatted: format.number(reach.data.organizations),
                    }),
                    users: t('publications.users', {
                      count: reach.data.users,
                      formatted: format.number(reach.data.users),
                    }),
                  })
                )}
              </Text>
            </div>
          </section>
        </DialogContent>
        <DialogActions>
          <DialogTrigger disableButtonEnhancement>
            <Button>{t('common.cancel')}</Button>
          </DialogTrigger>
          <Button type="submit" appearance="primary" disabledFocusable={publish.isPending}>
            {publish.isPending
              ? t('publications.form.publishing')
              : scheduled
                ? t('publications.form.schedule')
                : t('publications.form.submit')}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
