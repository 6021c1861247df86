import { useTranslation } from 'react-i18next';
import { CopyField } from '../../shared/ui/CopyField';

/** The redirect URI to register at the identity provider, read-only, with a copy button. */
export function RedirectUriField({ uri }: { uri: string }) {
  const { t } = useTranslation();
  return (
    <CopyField
      value={uri}
      texts={{
        label: t('sso.form.redirectUri'),
        hint: t('sso.form.redirectUriHint'),
        copy: t('sso.form.copy'),
        copyLabel: t('sso.form.copyLabel'),
        copied: t('sso.form.copied'),
        copyFailed: t('sso.form.copyFailed'),
      }}
    />
  );
}
