import { useState, type SubmitEvent } from 'react';
import {
  Button,
  Card,
  Divider,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  tokens,
} from '@fluentui/react-components';
import { PersonKeyRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../shared/api';
import { LanguageSwitch } from '../../shared/ui/LanguageSwitch';
import { errorMessage } from '../../shared/ui/states';
import { ThemeSwitch } from '../../shared/ui/ThemeSwitch';
import { useStartSsoForEmail } from '../sso/queries';
import { isSsoSignInCode } from '../sso/types';
import { useMe, useSignIn } from './queries';
import { safeReturnPath } from './session';

const useStyles = makeStyles({
  page: { flexGrow: 1, display: 'flex', flexDirection: 'column' },
  header: {
    display: 'flex',
    justifyContent: 'flex-end',
    gap: tokens.spacingHorizontalS,
    padding: tokens.spacingHorizontalM,
  },
  main: {
    flexGrow: 1,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    padding: tokens.spacingHorizontalL,
  },
  card: { width: '100%', maxWidth: '400px', padding: tokens.spacingHorizontalXXL },
  title: { margin: 0, color: tokens.colorBrandForeground1 },
  tagline: { color: tokens.colorNeutralForeground2 },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  heading: { margin: 0 },
});

/**
 * Sign-in with e-mail and password, or with single sign-on for the typed address; on success returns to the wanted
 * page or the first allowed one. Single sign-on that fails comes back here with `?sso=<code>`, shown translated.
 */
export function SignInPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const me = useMe();
  const signIn = useSignIn();
  const startSso = useStartSsoForEmail();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ email: boolean; password: boolean }>({ email: false, password: false });
  const next = safeReturnPath(params.get('next')) ?? '/';
  // Where single sign-on sends people back when it did not sign them in.
  const ssoCode = params.get('sso');

  // Someone already signed in has nothing to do here, unless they are on their way out (see UserMenu).
  const signingOut = (location.state as { signedOut?: boolean } | null)?.signedOut === true;
  if (me.data && !signingOut) return <Navigate to={next} replace />;

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const nowMissing = { email: email.trim() === '', password: password === '' };
    setMissing(nowMissing);
    if (nowMissing.email || nowMissing.password) return;
    startSso.reset();
    signIn.mutate({ email: email.trim(), password }, { onSuccess: () => void navigate(next, { replace: true }) });
  };

  const onSso = () => {
    setMissing({ email: email.trim() === '', password: false });
    if (email.trim() === '') return;
    signIn.reset();
    startSso.mutate(email.trim());
  };

  const failure = signIn.isError ? signIn.error : startSso.isError ? startSso.error : null;

  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <LanguageSwitch />
        <ThemeSwitch />
      </header>
      <main className={styles.main}>
        <Card className={styles.card}>
          <div>
            <Text as="h1" size={800} weight="bold" className={styles.title}>
              {t('app.name')}
            </Text>
            <Text as="p" className={styles.tagline}>
              {t('app.tagline')}
            </Text>
          </div>
          <form className={styles.form} onSubmit={onSubmit} noValidate>
            <Text as="h2" size={500} weight="semibold" className={styles.heading}>
              {t('auth.title')}
            </Text>
            <div aria-live="assertive">
              {failure ? (
                <MessageBar intent="error">
                  <MessageBarBody>{signInError(failure, t)}</MessageBarBody>
                </MessageBar>
              ) : ssoCode ? (
                <MessageBar intent="error">
                  <MessageBarBody>
                    {isSsoSignInCode(ssoCode) ? t(`sso.signIn.errors.${ssoCode}`) : t('errors.generic')}
                  </MessageBarBody>
                </MessageBar>
              ) : null}
            </div>
            <Field
              label={t('auth.email')}
              required
              validationMessage={missing.email ? t('auth.emailRequired') : undefined}
            >
              <Input
                type="email"
                autoComplete="username"
                value={email}
                onChange={(_e, d) => {
                  setEmail(d.value);
                }}
              />
            </Field>
            <Field
              label={t('auth.password')}
              required
              validationMessage={missing.password ? t('auth.passwordRequired') : undefined}
            >
              <Input
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(_e, d) => {
                  setPassword(d.value);
                }}
              />
            </Field>
            <Button type="submit" appearance="primary" disabledFocusable={signIn.isPending}>
              {t('auth.submit')}
            </Button>
            <Divider>{t('sso.signIn.or')}</Divider>
            <Button
              type="button"
              icon={<PersonKeyRegular />}
              // Stays disabled after success too: the browser is on its way to the identity provider.
              disabledFocusable={startSso.isPending || startSso.isSuccess}
              onClick={onSso}
            >
              {t('sso.signIn.action')}
            </Button>
          </form>
        </Card>
      </main>
    </div>
  );
}

function signInError(error: unknown, t: Parameters<typeof errorMessage>[1]): string {
  if (error instanceof ApiError && !error.detail && error.code === 'too_many_attempts')
    return t('auth.tooManyAttempts');
  if (error instanceof ApiError && !error.detail && error.code === 'invalid_credentials') return t('auth.invalid');
  return errorMessage(error, t);
}
