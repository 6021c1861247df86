import { useState, type SubmitEvent } from 'react';
import {
  Button,
  Card,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../shared/api';
import { LanguageSwitch } from '../../shared/ui/LanguageSwitch';
import { errorMessage } from '../../shared/ui/states';
import { ThemeSwitch } from '../../shared/ui/ThemeSwitch';
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

/** Sign-in with e-mail and password; on success returns to the wanted page or the first allowed one. */
export function SignInPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const me = useMe();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ email: boolean; password: boolean }>({ email: false, password: false });
  const next = safeReturnPath(params.get('next')) ?? '/';

  // Someone already signed in has nothing to do here, unless they are on their way out (see UserMenu).
  const signingOut = (location.state as { signedOut?: boolean } | null)?.signedOut === true;
  if (me.data && !signingOut) return <Navigate to={next} replace />;

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const nowMissing = { email: email.trim() === '', password: password === '' };
    setMissing(nowMissing);
    if (nowMissing.email || nowMissing.password) return;
    signIn.mutate({ email: email.trim(), password }, { onSuccess: () => void navigate(next, { replace: true }) });
  };

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
              {signIn.isError ? (
                <MessageBar intent="error">
                  <MessageBarBody>{signInError(signIn.error, t)}</MessageBarBody>
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
