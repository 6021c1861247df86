import { useState, type ReactNode } from 'react';
import { Button, Card, makeStyles, Text, tokens } from '@fluentui/react-components';
import { ClockDismissRegular, LinkDismissRegular, CheckmarkCircleRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../shared/api';
import { useFormat } from '../../shared/format';
import { useLinkLanguage } from '../../shared/useLinkLanguage';
import { ErrorState, LoadingState } from '../../shared/ui/states';
import { firstPagePath } from '../../shared/pages';
import type { Me } from '../auth/types';
import { OnboardingForm } from './OnboardingForm';
import { PublicFrame } from './PublicFrame';
import { useInvitation } from './queries';
import type { ActivationInvitation } from './types';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  card: { padding: tokens.spacingHorizontalXXL },
  title: { margin: 0 },
  lead: { fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400 },
  muted: { color: tokens.colorNeutralForeground2 },
  skus: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  gone: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalM },
  goneIcon: { fontSize: '40px', color: tokens.colorNeutralForeground3 },
});

/** /activate/:token — the public onboarding page an activation link leads to. */
export function OnboardingPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const invitation = useInvitation(token);
  const navigate = useNavigate();
  const [gone, setGone] = useState<unknown>(null);

  useLinkLanguage(token, invitation.data?.language);

  const onActivated = (me: Me) => {
    void navigate(firstPagePath(me.pages) ?? '/', { replace: true });
  };

  const error = gone ?? invitation.error;
  return (
    <PublicFrame title={t('onboarding.title')}>
      {invitation.isPending ? <LoadingState /> : null}
      {error && error instanceof ApiError && (error.status === 404 || error.status === 410) ? (
        <UnusableLink error={error} />
      ) : error ? (
        <ErrorState error={error} onRetry={() => void invitation.refetch()} />
      ) : null}
      {invitation.data && !gone ? (
        <Invitation invitation={invitation.data}>
          <OnboardingForm invitation={invitation.data} token={token} onActivated={onActivated} onGone={setGone} />
        </Invitation>
      ) : null}
    </PublicFrame>
  );
}

function Invitation({ invitation, children }: { invitation: ActivationInvitation; children: ReactNode }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const senderKind = t(`kind.${invitation.sender.kind}`, { defaultValue: invitation.sender.kind });
  return (
    <div className={styles.stack}>
      <Card className={styles.card}>
        <Text as="h1" size={700} weight="semibold" className={styles.title}>
          {t('onboarding.heading', { name: invitation.organizationName })}
        </Text>
        <Text as="p" className={styles.lead}>
          {t(`onboarding.invitedBy.${invitation.kind}`, {
            sender: invitation.sender.name,
            senderKind: senderKind.toLowerCase(),
            name: invitation.organizationName,
          })}
        </Text>
        {invitation.skus.length > 0 ? (
          <div>
            <Text as="h2" size={400} weight="semibold">
              {t('onboarding.skus')}
            </Text>
            <ul className={styles.skus}>
              {invitation.skus.map((sku) => (
                <li key={sku.name}>
                  {t('onboarding.skuQuantity', {
                    name: sku.name,
                    count: sku.quantity,
                    quantity: format.number(sku.quantity),
                  })}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <Text as="p" className={styles.muted}>
          {t('onboarding.sentTo', { email: invitation.recipientEmail, date: format.dateTime(invitation.expiresAt) })}
        </Text>
      </Card>
      <Card className={styles.card}>{children}</Card>
    </div>
  );
}

/** An unknown, expired, revoked or used link: say which, and what to do next. */
function UnusableLink({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const navigate = useNavigate();
  const reason =
    error.status === 404
      ? 'unknown'
      : error.code === 'link_used'
        ? 'used'
        : error.code === 'link_revoked'
          ? 'revoked'
          : 'expired';
  const Icon =
    reason === 'used' ? CheckmarkCircleRegular : reason === 'expired' ? ClockDismissRegular : LinkDismissRegular;
  return (
    <Card className={styles.card}>
      <div className={styles.gone}>
        <Icon className={styles.goneIcon} aria-hidden />
        <Text as="h1" size={700} weight="semibold" className={styles.title}>
          {t(`onboarding.unusable.${reason}.title`)}
        </Text>
        <Text as="p" className={styles.lead}>
          {t(`onboarding.unusable.${reason}.body`)}
        </Text>
        <Button appearance={reason === 'used' ? 'primary' : 'secondary'} onClick={() => void navigate('/sign-in')}>
          {t('onboarding.signIn')}
        </Button>
      </div>
    </Card>
  );
}
