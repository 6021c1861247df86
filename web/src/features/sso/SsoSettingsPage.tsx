import { useState } from 'react';
import { Button, makeStyles, MessageBar, MessageBarBody, tokens } from '@fluentui/react-components';
import { ShieldKeyholeRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../shared/ui/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/states';
import { useSsoSettings } from './queries';
import { RemoveSsoDialog } from './RemoveSsoDialog';
import { SsoSettingsForm } from './SsoSettingsForm';
import type { SsoSettings } from './types';

const useStyles = makeStyles({
  status: { marginBottom: tokens.spacingVerticalL, maxWidth: '720px' },
  empty: { display: 'flex', flexDirection: 'column', alignItems: 'center', gap: tokens.spacingVerticalM },
});

/** /settings/sso — the organisation's single sign-on: set up, change, require, remove (Admins). */
export function SsoSettingsPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const settings = useSsoSettings();
  const [settingUp, setSettingUp] = useState(false);
  const current = settings.data;

  return (
    <>
      <PageHeader
        title={t('nav.sso')}
        subtitle={t('sso.intro')}
        actions={
          current ? (
            <RemoveSsoDialog
              onRemoved={() => {
                setSettingUp(false);
              }}
            />
          ) : null
        }
      />
      {settings.isPending ? <LoadingState label={t('sso.loadingLabel')} /> : null}
      {settings.isError ? <ErrorState error={settings.error} onRetry={() => void settings.refetch()} /> : null}
      {current === null && !settingUp ? (
        <EmptyState icon={<ShieldKeyholeRegular />} title={t('sso.empty.title')}>
          <div className={styles.empty}>
            <span>{t('sso.empty.body')}</span>
            <Button
              appearance="primary"
              onClick={() => {
                setSettingUp(true);
              }}
            >
              {t('sso.empty.setUp')}
            </Button>
          </div>
        </EmptyState>
      ) : null}
      {current ? <SsoStatus settings={current} className={styles.status} /> : null}
      {current || (current === null && settingUp) ? (
        // Removing single sign-on unmounts the form, so setting it up again starts from an empty one.
        <SsoSettingsForm settings={current} />
      ) : null}
    </>
  );
}

function SsoStatus({ settings, className }: { settings: SsoSettings; className: string }) {
  const { t } = useTranslation();
  return (
    <MessageBar intent="info" className={className}>
      <MessageBarBody>
        {settings.kind === 'entra' ? t('sso.status.entra') : t('sso.status.oidc', { issuer: settings.issuer ?? '' })}{' '}
        {settings.required ? t('sso.status.required') : null}
      </MessageBarBody>
    </MessageBar>
  );
}
