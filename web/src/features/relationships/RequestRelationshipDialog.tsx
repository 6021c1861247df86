import { useState, type SubmitEvent } from 'react';
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
  Text,
  tokens,
} from '@fluentui/react-components';
import { ErrorCircle12Filled, PersonAddRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { rejectedFields } from '../../shared/api';
import { ErrorState } from '../../shared/ui/states';
import { isDomain } from '../onboarding/validation';
import { useRequestRelationship } from './queries';
import { roleName } from './roles';
import {
  DELEGATED_ROLES,
  MAX_DURATION_DAYS,
  type RelationshipRequestReceipt,
  type RequestRelationshipBody,
} from './types';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  intro: { color: tokens.colorNeutralForeground2 },
  fieldset: { border: 'none', margin: 0, padding: 0, minWidth: 0 },
  legend: { padding: 0, marginBottom: tokens.spacingVerticalXS, fontWeight: tokens.fontWeightSemibold },
  required: { color: tokens.colorPaletteRedForeground3, paddingLeft: tokens.spacingHorizontalXS },
  roles: { display: 'flex', flexDirection: 'column' },
  roleHint: { display: 'block', color: tokens.colorNeutralForeground2, paddingLeft: '36px', marginTop: '-6px' },
  error: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorPaletteRedForeground1,
    marginTop: tokens.spacingVerticalXS,
  },
  errorIcon: { flexShrink: 0 },
});

const DEFAULT_DAYS = '365';

function parseDays(text: string): number | undefined {
  const days = Number(text);
  return text.trim() !== '' && Number.isInteger(days) && days >= 1 && days <= MAX_DURATION_DAYS ? days : undefined;
}

/** "Request delegated admin": a customer domain, the roles wanted and a duration; the customer's admin approves it. */
export function RequestRelationshipDialog({
  onRequested,
}: {
  onRequested: (receipt: RelationshipRequestReceipt) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Dialog
      open={open}
      onOpenChange={(_event, data) => {
        setOpen(data.open);
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button appearance="primary" icon={<PersonAddRegular />}>
          {t('relationships.request')}
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <RequestForm
          onRequested={(receipt) => {
            setOpen(false);
            onRequested(receipt);
          }}
        />
      </DialogSurface>
    </Dialog>
  );
}

function RequestForm({ onRequested }: { onRequested: (receipt: RelationshipRequestReceipt) => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const request = useRequestRelationship();
  const [domain, setDomain] = useState('');
  const [roles, setRoles] = useState<RequestRelationshipBody['roles']>([]);
  const [days, setDays] = useState(DEFAULT_DAYS);
  const [touched, setTouched] = useState(false);

  const cleanDomain = domain.trim().toLowerCase();
  const client = {
    customerDomain:
      cleanDomain === ''
        ? t('relationships.errors.domainRequired')
        : isDomain(cleanDomain)
          ? undefined
          : t('relationships.errors.domainInvalid'),
    roles: roles.length === 0 ? t('relationships.errors.rolesRequired') : undefined,
    durationDays:
      parseDays(days) === undefined ? t('relationships.errors.durationInvalid', { max: MAX_DURATION_DAYS }) : undefined,
  };
  const server = rejectedFields(request.error);
  const message = (name: keyof typeof client) => {
    if (touched && client[name]) return client[name];
    return server.has(name) ? t('relationships.errors.server') : undefined;
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTouched(true);
    const durationDays = parseDays(days);
    if (client.customerDomain || client.roles || durationDays === undefined) return;
    request.mutate({ customerDomain: cleanDomain, roles, durationDays }, { onSuccess: onRequested });
  };

  const rolesError = message('roles');
  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogBody>
        <DialogTitle>{t('relationships.requestTitle')}</DialogTitle>
        <DialogContent className={styles.content}>
          <Text className={styles.intro}>{t('relationships.requestIntro')}</Text>
          {request.isError ? <ErrorState error={request.error} /> : null}
          <Field
            label={t('relationships.customerDomain')}
            required
            hint={t('relationships.customerDomainHint')}
            validationMessage={message('customerDomain')}
          >
            <Input
              value={domain}
              maxLength={253}
              spellCheck={false}
              onChange={(_event, data) => {
                setDomain(data.value);
              }}
            />
          </Field>
          <fieldset className={styles.fieldset} aria-describedby={rolesError ? 'relationship-roles-error' : undefined}>
            <legend className={styles.legend}>
              {t('relationships.rolesLabel')}
              <span className={styles.required} aria-hidden>
                *
              </span>
            </legend>
            <div className={styles.roles}>
              {DELEGATED_ROLES.map((role) => (
                <div key={role}>
                  <Checkbox
                    checked={roles.includes(role)}
                    label={roleName(t, role)}
                    input={{ 'aria-describedby': `relationship-role-${role}-hint` }}
                    onChange={(_event, data) => {
                      setRoles((current) =>
                        data.checked === true ? [...current, role] : current.filter((value) => value !== role),
                      );
                    }}
                  />
                  <Text id={`relationship-role-${role}-hint`} size={200} className={styles.roleHint}>
                    {t(`relationships.roleHints.${role}`)}
                  </Text>
                </div>
              ))}
            </div>
            {rolesError ? (
              <Text id="relationship-roles-error" size={200} className={styles.error}>
                <ErrorCircle12Filled className={styles.errorIcon} aria-hidden />
                {rolesError}
              </Text>
            ) : null}
          </fieldset>
          <Field
            label={t('relationships.durationDays')}
            required
            hint={t('relationships.durationHint', { max: MAX_DURATION_DAYS })}
            validationMessage={message('durationDays')}
          >
            <Input
              type="number"
              min={1}
              max={MAX_DURATION_DAYS}
              step={1}
              inputMode="numeric"
              value={days}
              onChange={(_event, data) => {
                setDays(data.value);
              }}
            />
          </Field>
        </DialogContent>
        <DialogActions>
          <DialogTrigger disableButtonEnhancement>
            <Button>{t('common.cancel')}</Button>
          </DialogTrigger>
          <Button type="submit" appearance="primary" disabledFocusable={request.isPending}>
            {t('relationships.requestSubmit')}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
