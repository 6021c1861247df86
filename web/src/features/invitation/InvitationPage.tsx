import { useState } from 'react';
import { Badge, Card, makeStyles, Text, tokens } from '@fluentui/react-components';
import { CheckmarkCircleRegular, ClockDismissRegular, LinkDismissRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { firstPagePath } from '../../shared/pages';
import { ApiError } from '../../shared/api';
import { useFormat } from '../../shared/format';
import { useLinkLanguage } from '../../shared/useLinkLanguage';
import { ErrorState, LoadingState } from '../../shared/ui/states';
import type { Me } from '../auth/types';
import { PublicFrame } from '../onboarding/PublicFrame';
import { roleName } from '../operators/roles';
import type { OperatorInvitation } from '../operators/types';
import { AcceptInvitationForm } from './AcceptInvitationForm';
import { useOperatorInvitation } from './queries';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  card: { padding: tokens.spacingHorizontalXXL },
  title: { margin: 0 },
  lead: { fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400, margin: 0 },
  muted: { color: tokens.colorNeutralForeground2, margin: 0 },
  roles: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  gone: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalM },
  goneIcon: { fontSize: '40px', color: tokens.colorNeutralForeground3 },
  signIn: {
    color: tokens.colorBrandForegroundLink,
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase400,
  },
});

/** /invitation/:token — the public page an operator's invitation leads to: accept it, and land signed in. */
export function InvitationPage() {
  const { t } = useTranslation();
  const classes = useStyles();
  const { token = '' } = useParams();
  const invitation = useOperatorInvitation(token);
  const navigate = useNavigate();
  const [gone, setGone] = useState<unknown>(null);

  useLinkLanguage(token, invitation.data?.language);

  const onAccepted = (me: Me) => {
    void navigate(firstPagePath(me.pages) ?? '/', { replace: true });
  };

  const error = gone ?? invitation.error;
  return (
    <PublicFrame title={t('invitation.title')}>
      {invitation.isPending ? <LoadingState /> : null}
      {error instanceof ApiError && (error.status === 404 || error.status === 410) ? (
        <UnusableInvitation error={error} />
      ) : error ? (
        <ErrorState error={error} onRetry={() => void invitation.refetch()} />
      ) : null}
      {invitation.data && !gone ? (
        <div className={classes.stack}>
          <InvitationSummary invitation={invitation.data} />
          <Card className={classes.card}>
            <AcceptInvitationForm
              invitation={invitation.data}
              token={token}
              onAccepted={onAccepted}
              onGone={setGone}
              onSsoRequired={() => void invitation.refetch()}
            />
          </Card>
        </div>
      ) : null}
    </PublicFrame>
  );
}

function InvitationSummary({ invitation }: { invitation: OperatorInvitation }) {
  const { t } = useTranslation();
  const classes = useStyles();
  const format = useFormat();
  const organization = invitation.organization.name;
  return (
    <Card className={classes.card}>
      <Text as="h1" size={700} weight="semibold" className={classes.title}>
        {t('invitation.heading', { organization })}
      </Text>
      <Text as="p" className={classes.lead}>
        {t('invitation.lead', { organization, count: invitation.roles.length })}
      </Text>
      <ul className={classes.roles} aria-label={t('invitation.rolesLabel')}>
        {invitation.roles.map((role) => (
          <li key={role}>
            <Badge appearance="tint" color="brand" size="large">
              {roleName(t, role)}
            </Badge>
          </li>
        ))}
      </ul>
      <Text as="p" className={classes.muted}>
        {t('invitation.sentTo', { email: invitation.email, date: format.dateTime(invitation.expiresAt) })}
      </Text>
    </Card>
  );
}

/** A withdrawn or unknown (404), expired or already accepted (410) invitation: say which, and what to do next. */
function UnusableInvitation({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  const classes = useStyles();
  const reason =
    error.status === 404
      ? 'unknown'
      : error.code === 'link_used'
        ? 'used'
        : error.code === 'link_expired'
          ? 'expired'
          : 'unknown';
  const Icon =
    reason === 'used' ? CheckmarkCircleRegular : reason === 'expired' ? ClockDismissRegular : LinkDismissRegular;
  return (
    <Card className={classes.card}>
      <div className={classes.gone}>
        <Icon className={classes.goneIcon} aria-hidden />
        <Text as="h1" size={700} weight="semibold" className={classes.title}>
          {t(`invitation.unusable.${reason}.title`)}
        </Text>
        <Text as="p" className={classes.lead}>
          {t(`invitation.unusable.${reason}.body`)}
        </Text>
        {reason === 'used' ? (
          <Link to="/sign-in" className={classes.signIn}>
            {t('invitation.signIn')}
          </Link>
        ) : null}
      </div>
    </Card>
  );
}
