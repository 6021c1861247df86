import { useState, type SubmitEvent } from 'react';
import { Button, Divider, Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import { PersonKeyRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { isApiError, rejectedFields } from '../../shared/api';
import { ErrorState } from '../../shared/ui/states';
import type { Me } from '../auth/types';
import { MIN_PASSWORD_LENGTH } from '../onboarding/validation';
import type { OperatorInvitation } from '../operators/types';
import { useAcceptInvitation, useStartSso } from './queries';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  title: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground2, margin: 0 },
  sso: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalS },
  submit: { alignSelf: 'flex-start' },
});

type FieldName = 'displayName' | 'password' | 'confirmation';

interface AcceptInvitationFormProps {
  invitation: OperatorInvitation;
  token: string;
  onAccepted: (me: Me) => void;
  /** The link stopped being usable while the page was open (410): the page says so instead of the form. */
  onGone: (error: unknown) => void;
  /** The organisation started requiring single sign-on meanwhile: the page reloads the invitation to offer it. */
  onSsoRequired: () => void;
}

/**
 * Accepting the invitation: with single sign-on when the organisation offers it (only that way when it requires it),
 * otherwise with a name and a password; either way the operator ends up signed in.
 */
export function AcceptInvitationForm(props: AcceptInvitationFormProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { invitation } = props;
  return (
    <div className={styles.root}>
      <Text as="h2" id="invitation-form-title" size={500} weight="semibold" className={styles.title}>
        {t('invitation.formTitle')}
      </Text>
      {invitation.sso.available ? <SsoAccept {...props} /> : null}
      {invitation.sso.available && !invitation.sso.required ? <Divider>{t('invitation.or')}</Divider> : null}
      {invitation.sso.required ? null : <PasswordAccept {...props} />}
    </div>
  );
}

function SsoAccept({ invitation, token }: AcceptInvitationFormProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const start = useStartSso(token);
  return (
    <div className={styles.sso}>
      {invitation.sso.required ? (
        <Text as="p" className={styles.muted}>
          {t('invitation.ssoRequired', { organization: invitation.organization.name })}
        </Text>
      ) : null}
      {start.isError ? <ErrorState error={start.error} /> : null}
      <Button
        appearance={invitation.sso.required ? 'primary' : 'secondary'}
        size="large"
        icon={<PersonKeyRegular />}
        // Stays disabled after success too: the browser is on its way to the identity provider.
        disabledFocusable={start.isPending || start.isSuccess}
        onClick={() => {
          start.mutate();
        }}
      >
        {t('invitation.acceptWithSso')}
      </Button>
    </div>
  );
}

function PasswordAccept({ invitation, token, onAccepted, onGone, onSsoRequired }: AcceptInvitationFormProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const accept = useAcceptInvitation(token);
  const [values, setValues] = useState({ displayName: invitation.displayName, password: '', confirmation: '' });
  const [touched, setTouched] = useState(false);
  const set = (name: FieldName) => (_event: unknown, data: { value: string }) => {
    setValues((current) => ({ ...current, [name]: data.value }));
  };

  const displayName = values.displayName.trim();
  const client: Record<FieldName, string | undefined> = {
    displayName: displayName === '' ? t('invitation.errors.displayNameRequired') : undefined,
    password:
      values.password.length < MIN_PASSWORD_LENGTH
        ? t('invitation.errors.passwordTooShort', { count: MIN_PASSWORD_LENGTH })
        : undefined,
    confirmation: values.confirmation !== values.password ? t('invitation.errors.confirmationMismatch') : undefined,
  };
  const server = rejectedFields(accept.error);
  const message = (name: FieldName): string | undefined => {
    if (touched && client[name]) return client[name];
    return server.has(name) ? t('invitation.errors.server') : undefined;
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTouched(true);
    if (Object.values(client).some((error) => error !== undefined)) {
      // Take people to the first field to fix; its message is read with it.
      const form = event.currentTarget;
      requestAnimationFrame(() => {
        form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      });
      return;
    }
    accept.mutate(
      { displayName, password: values.password },
      {
        onSuccess: onAccepted,
        onError: (error) => {
          if (isApiError(error, 410)) onGone(error);
          else if (isApiError(error) && error.code === 'sso_required') onSsoRequired();
        },
      },
    );
  };

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate aria-labelledby="invitation-form-title">
      {accept.isError && !isApiError(accept.error, 410) && server.size === 0 ? (
        <ErrorState error={accept.error} />
      ) : null}
      <Field label={t('invitation.email')} hint={t('invitation.emailHint')}>
        <Input type="email" autoComplete="username" readOnly value={invitation.email} />
      </Field>
      <Field label={t('invitation.displayName')} required validationMessage={message('displayName')}>
        <Input autoComplete="name" maxLength={200} value={values.displayName} onChange={set('displayName')} />
      </Field>
      <Field
        label={t('invitation.password')}
        required
        hint={t('invitation.passwordHint', { count: MIN_PASSWORD_LENGTH })}
        validationMessage={message('password')}
      >
        <Input type="password" autoComplete="new-password" value={values.password} onChange={set('password')} />
      </Field>
      <Field label={t('invitation.confirmation')} required validationMessage={message('confirmation')}>
        <Input type="password" autoComplete="new-password" value={values.confirmation} onChange={set('confirmation')} />
      </Field>
      <Button
        type="submit"
        appearance="primary"
        size="large"
        className={styles.submit}
        disabledFocusable={accept.isPending}
      >
        {accept.isPending ? t('invitation.accepting') : t('invitation.accept')}
      </Button>
    </form>
  );
}
