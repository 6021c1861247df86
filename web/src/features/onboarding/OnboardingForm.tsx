import { useEffect, useMemo, useRef, useState, type SubmitEvent } from 'react';
import { Button, Field, Input, makeStyles, Select, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { isApiError, rejectedFields } from '../../shared/api';
import { ErrorState } from '../../shared/ui/states';
import type { Me } from '../auth/types';
import { countryOptions } from './countries';
import { useActivate } from './queries';
import type { ActivationInvitation } from './types';
import { isDomain, MIN_PASSWORD_LENGTH } from './validation';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
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
  pair: {
    display: 'grid',
    gridTemplateColumns: '1fr 2fr',
    gap: tokens.spacingHorizontalM,
    '@media (max-width: 560px)': { gridTemplateColumns: '1fr' },
  },
  submit: { alignSelf: 'flex-start' },
  title: { margin: 0 },
});

type FieldName =
  | 'organizationName'
  | 'primaryDomain'
  | 'address/line1'
  | 'address/city'
  | 'address/postalCode'
  | 'address/country'
  | 'admin/displayName'
  | 'admin/password'
  | 'confirmation';

interface OnboardingFormProps {
  invitation: ActivationInvitation;
  token: string;
  onActivated: (me: Me) => void;
  /** The link stopped being usable while the form was open (410): the page says so instead of the form. */
  onGone: (error: unknown) => void;
}

/** The new organisation, its address and its first admin; submitting creates them and signs the admin in. */
export function OnboardingForm({ invitation, token, onActivated, onGone }: OnboardingFormProps) {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const activate = useActivate(token);
  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);
  const [values, setValues] = useState({
    organizationName: invitation.organizationName,
    primaryDomain: '',
    line1: '',
    city: '',
    postalCode: '',
    country: '',
    displayName: '',
    password: '',
    confirmation: '',
  });
  const [touched, setTouched] = useState(false);
  const problemRef = useRef<HTMLDivElement>(null);
  // The submit button is at the bottom of a long form: bring the server's answer into view.
  const failed = activate.isError;
  useEffect(() => {
    if (failed) problemRef.current?.scrollIntoView({ block: 'center' });
  }, [failed]);
  const set = (name: keyof typeof values) => (_event: unknown, data: { value: string }) => {
    setValues((current) => ({ ...current, [name]: data.value }));
  };

  const trimmed = {
    organizationName: values.organizationName.trim(),
    primaryDomain: values.primaryDomain.trim().toLowerCase(),
    line1: values.line1.trim(),
    city: values.city.trim(),
    postalCode: values.postalCode.trim(),
    displayName: values.displayName.trim(),
  };
  const required = (value: string, key: string) => (value === '' ? t(`onboarding.errors.${key}`) : undefined);
  const client: Record<FieldName, string | undefined> = {
    organizationName: required(trimmed.organizationName, 'organizationNameRequired'),
    primaryDomain:
      trimmed.primaryDomain === ''
        ? t('onboarding.errors.primaryDomainRequired')
        : isDomain(trimmed.primaryDomain)
          ? undefined
          : t('onboarding.errors.primaryDomainInvalid'),
    'address/line1': required(trimmed.line1, 'line1Required'),
    'address/city': required(trimmed.city, 'cityRequired'),
    'address/postalCode': required(trimmed.postalCode, 'postalCodeRequired'),
    'address/country': required(values.country, 'countryRequired'),
    'admin/displayName': required(trimmed.displayName, 'displayNameRequired'),
    'admin/password':
      values.password.length < MIN_PASSWORD_LENGTH
        ? t('onboarding.errors.passwordTooShort', { count: MIN_PASSWORD_LENGTH })
        : undefined,
    confirmation: values.confirmation !== values.password ? t('onboarding.errors.confirmationMismatch') : undefined,
  };

  const server = rejectedFields(activate.error);
  const message = (name: FieldName): string | undefined => {
    if (touched && client[name]) return client[name];
    return server.has(name) ? t('onboarding.errors.server') : undefined;
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
    activate.mutate(
      {
        organizationName: trimmed.organizationName,
        primaryDomain: trimmed.primaryDomain,
        address: { line1: trimmed.line1, city: trimmed.city, postalCode: trimmed.postalCode, country: values.country },
        admin: { displayName: trimmed.displayName, password: values.password },
      },
      {
        onSuccess: onActivated,
        onError: (error) => {
          if (isApiError(error, 410)) onGone(error);
        },
      },
    );
  };

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate aria-labelledby="onboarding-form-title">
      <Text as="h2" id="onboarding-form-title" size={500} weight="semibold" className={styles.title}>
        {t('onboarding.formTitle')}
      </Text>
      <div ref={problemRef}>
        {activate.isError && !isApiError(activate.error, 410) ? <ErrorState error={activate.error} /> : null}
      </div>
      <fieldset className={styles.fieldset}>
        <legend className={styles.legend}>{t('onboarding.organization')}</legend>
        <Field label={t('onboarding.organizationName')} required validationMessage={message('organizationName')}>
          <Input
            autoComplete="organization"
            maxLength={200}
            value={values.organizationName}
            onChange={set('organizationName')}
          />
        </Field>
        <Field
          label={t('onboarding.primaryDomain')}
          required
          hint={t('onboarding.primaryDomainHint')}
          validationMessage={message('primaryDomain')}
        >
          <Input maxLength={253} spellCheck={false} value={values.primaryDomain} onChange={set('primaryDomain')} />
        </Field>
      </fieldset>
      <fieldset className={styles.fieldset}>
        <legend className={styles.legend}>{t('onboarding.address')}</legend>
        <Field label={t('onboarding.line1')} required validationMessage={message('address/line1')}>
          <Input autoComplete="address-line1" maxLength={200} value={values.line1} onChange={set('line1')} />
        </Field>
        <div className={styles.pair}>
          <Field label={t('onboarding.postalCode')} required validationMessage={message('address/postalCode')}>
            <Input autoComplete="postal-code" maxLength={20} value={values.postalCode} onChange={set('postalCode')} />
          </Field>
          <Field label={t('onboarding.city')} required validationMessage={message('address/city')}>
            <Input autoComplete="address-level2" maxLength={100} value={values.city} onChange={set('city')} />
          </Field>
        </div>
        <Field label={t('onboarding.country')} required validationMessage={message('address/country')}>
          <Select autoComplete="country" value={values.country} onChange={set('country')}>
            <option value="">{t('onboarding.chooseCountry')}</option>
            {countries.map((country) => (
              <option key={country.code} value={country.code}>
                {country.name}
              </option>
            ))}
          </Select>
        </Field>
      </fieldset>
      <fieldset className={styles.fieldset}>
        <legend className={styles.legend}>{t('onboarding.admin')}</legend>
        <Field label={t('onboarding.email')} hint={t('onboarding.emailHint')}>
          <Input type="email" autoComplete="username" readOnly value={invitation.recipientEmail} />
        </Field>
        <Field label={t('onboarding.displayName')} required validationMessage={message('admin/displayName')}>
          <Input autoComplete="name" maxLength={100} value={values.displayName} onChange={set('displayName')} />
        </Field>
        <Field
          label={t('onboarding.password')}
          required
          hint={t('onboarding.passwordHint', { count: MIN_PASSWORD_LENGTH })}
          validationMessage={message('admin/password')}
        >
          <Input type="password" autoComplete="new-password" value={values.password} onChange={set('password')} />
        </Field>
        <Field label={t('onboarding.confirmation')} required validationMessage={message('confirmation')}>
          <Input
            type="password"
            autoComplete="new-password"
            value={values.confirmation}
            onChange={set('confirmation')}
          />
        </Field>
      </fieldset>
      <Button
        type="submit"
        appearance="primary"
        size="large"
        className={styles.submit}
        disabledFocusable={activate.isPending}
      >
        {activate.isPending ? t('onboarding.submitting') : t('onboarding.submit')}
      </Button>
    </form>
  );
}
