import { useState, type SubmitEvent } from 'react';
import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Switch,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { rejectedFields } from '../../shared/api';
import { ErrorState } from '../../shared/ui/states';
import { useSaveSsoSettings } from './queries';
import { RedirectUriField } from './RedirectUriField';
import type { SsoSettings, SsoSettingsInput } from './types';
import { isIssuerUrl, isTenantId } from './validation';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '720px' },
  fieldset: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    margin: 0,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL} ${tokens.spacingVerticalL}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
  legend: { padding: `0 ${tokens.spacingHorizontalXS}`, fontWeight: tokens.fontWeightSemibold },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

type Kind = SsoSettings['kind'];
type FieldName = 'directoryTenantId' | 'issuer' | 'clientId' | 'clientSecret';

const isKind = (value: string): value is Kind => value === 'entra' || value === 'oidc';

/** The settings form: the provider (Entra ID by tenant, or any OpenID Connect issuer), "required", the redirect URI. */
export function SsoSettingsForm({ settings }: { settings: SsoSettings | null }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const save = useSaveSsoSettings();
  const oidc = settings?.kind === 'oidc' ? settings : null;
  const [values, setValues] = useState({
    kind: settings?.kind ?? 'entra',
    directoryTenantId: settings?.directoryTenantId ?? '',
    issuer: oidc?.issuer ?? '',
    clientId: oidc?.clientId ?? '',
    clientSecret: '',
    required: settings?.required ?? false,
  });
  const [touched, setTouched] = useState(false);
  const change = (next: Partial<typeof values>) => {
    setValues((current) => ({ ...current, ...next }));
    save.reset();
  };
  const text = (name: FieldName) => (_event: unknown, data: { value: string }) => {
    change({ [name]: data.value });
  };

  const tenant = values.directoryTenantId.trim();
  const issuer = values.issuer.trim();
  const clientId = values.clientId.trim();
  // The server keeps a saved secret only for the same issuer and client (it must not follow them elsewhere).
  const secretKept = !!oidc?.hasClientSecret && oidc.issuer === issuer && oidc.clientId === clientId;
  const client: Record<FieldName, string | undefined> = {
    directoryTenantId:
      tenant === '' ? t('sso.errors.tenantRequired') : !isTenantId(tenant) ? t('sso.errors.tenantInvalid') : undefined,
    issuer:
      issuer === '' ? t('sso.errors.issuerRequired') : !isIssuerUrl(issuer) ? t('sso.errors.issuerInvalid') : undefined,
    clientId: clientId === '' ? t('sso.errors.clientIdRequired') : undefined,
    clientSecret: values.clientSecret === '' && !secretKept ? t('sso.errors.clientSecretRequired') : undefined,
  };
  const fields: FieldName[] = values.kind === 'entra' ? ['directoryTenantId'] : ['issuer', 'clientId', 'clientSecret'];
  const server = rejectedFields(save.error);
  const message = (name: FieldName): string | undefined => {
    if (touched && client[name]) return client[name];
    return server.has(name) ? t('sso.errors.server') : undefined;
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTouched(true);
    if (fields.some((name) => client[name])) return;
    const input: SsoSettingsInput =
      values.kind === 'entra'
        ? { kind: 'entra', directoryTenantId: tenant, required: values.required }
        : {
            kind: 'oidc',
            issuer,
            clientId,
            required: values.required,
            ...(values.clientSecret === '' ? {} : { clientSecret: values.clientSecret }),
          };
    save.mutate(input, {
      onSuccess: () => {
        setValues((current) => ({ ...current, clientSecret: '' }));
        setTouched(false);
      },
    });
  };

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate>
      <fieldset className={styles.fieldset}>
        <legend className={styles.legend}>{t('sso.form.title')}</legend>
        <Field label={t('sso.form.kind')}>
          <RadioGroup
            value={values.kind}
            onChange={(_event, data) => {
              if (isKind(data.value)) change({ kind: data.value });
            }}
          >
            <Radio value="entra" label={t('sso.form.kinds.entra')} />
            <Radio value="oidc" label={t('sso.form.kinds.oidc')} />
          </RadioGroup>
        </Field>
        {values.kind === 'entra' ? (
          <Field
            label={t('sso.form.directoryTenantId')}
            required
            hint={t('sso.form.directoryTenantIdHint')}
            validationMessage={message('directoryTenantId')}
          >
            <Input value={values.directoryTenantId} autoComplete="off" onChange={text('directoryTenantId')} />
          </Field>
        ) : (
          <>
            <Field
              label={t('sso.form.issuer')}
              required
              hint={t('sso.form.issuerHint')}
              validationMessage={message('issuer')}
            >
              <Input type="url" value={values.issuer} autoComplete="off" onChange={text('issuer')} />
            </Field>
            <Field
              label={t('sso.form.clientId')}
              required
              hint={t('sso.form.clientIdHint')}
              validationMessage={message('clientId')}
            >
              <Input value={values.clientId} autoComplete="off" onChange={text('clientId')} />
            </Field>
            <Field
              label={t('sso.form.clientSecret')}
              required={!secretKept}
              hint={secretKept ? t('sso.form.clientSecretKept') : t('sso.form.clientSecretHint')}
              validationMessage={message('clientSecret')}
            >
              <Input
                type="password"
                value={values.clientSecret}
                autoComplete="new-password"
                onChange={text('clientSecret')}
              />
            </Field>
          </>
        )}
        <RedirectUriField uri={settings?.redirectUri ?? `${window.location.origin}/api/v1/auth/sso/callback`} />
      </fieldset>

      <Field hint={t('sso.form.requiredHint')}>
        <Switch
          label={t('sso.form.required')}
          checked={values.required}
          onChange={(_event, data) => {
            change({ required: data.checked });
          }}
        />
      </Field>
      {values.required && !settings?.required ? (
        <MessageBar intent="warning">
          <MessageBarBody>{t('sso.form.requiredWarning')}</MessageBarBody>
        </MessageBar>
      ) : null}

      <div aria-live="polite">
        {save.isError ? <ErrorState error={save.error} /> : null}
        {save.isSuccess ? (
          <MessageBar intent="success">
            <MessageBarBody>{t('sso.form.saved')}</MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabledFocusable={save.isPending}>
          {t('sso.form.save')}
        </Button>
      </div>
    </form>
  );
}
