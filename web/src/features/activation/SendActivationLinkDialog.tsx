import { useState, type SubmitEvent } from 'react';
import {
  Button,
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
  Radio,
  RadioGroup,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { rejectedFields } from '../../shared/api';
import { useFormat } from '../../shared/format';
import { currentLanguage, isLanguage, type Language } from '../../shared/i18n';
import { ErrorState } from '../../shared/ui/states';
import { CopyLinkField } from './CopyLinkField';
import { useSendActivationLink } from './queries';
import { SkuLines, type SkuLine } from './SkuLines';
import type { ActivationKind, ActivationLink } from './types';
import { isEmail, parseQuantity, skuLineErrors } from './validation';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  intro: { color: tokens.colorNeutralForeground2 },
  sent: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

interface Draft {
  organizationName: string;
  recipientEmail: string;
  language: Language;
  lines: SkuLine[];
}

let nextLineKey = 1;
const newLine = (): SkuLine => ({ key: nextLineKey++, skuId: '', quantity: '1' });
const emptyDraft = (kind: ActivationKind): Draft => ({
  organizationName: '',
  recipientEmail: '',
  language: currentLanguage(),
  // A customer is usually onboarded with licences; a partner link carries none.
  lines: kind === 'customer' ? [newLine()] : [],
});

interface SendActivationLinkDialogProps {
  kind: ActivationKind;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** "Send activation link": who to invite, with which SKUs, in which language; then the sent link, to copy. */
export function SendActivationLinkDialog({ kind, open, onOpenChange }: SendActivationLinkDialogProps) {
  const [sent, setSent] = useState<ActivationLink | null>(null);
  const close = (next: boolean) => {
    onOpenChange(next);
    if (!next) setSent(null);
  };
  return (
    <Dialog
      open={open}
      modalType={sent ? 'alert' : 'modal'}
      onOpenChange={(_event, data) => {
        close(data.open);
      }}
    >
      <DialogSurface>
        {sent ? <SentConfirmation link={sent} /> : <SendForm kind={kind} onSent={setSent} />}
      </DialogSurface>
    </Dialog>
  );
}

function SendForm({ kind, onSent }: { kind: ActivationKind; onSent: (link: ActivationLink) => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const send = useSendActivationLink();
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(kind));
  const [touched, setTouched] = useState(false);

  const server = rejectedFields(send.error);
  const serverMessage = (field: string) => (server.has(field) ? t('activation.errors.server') : undefined);
  const name = draft.organizationName.trim();
  const email = draft.recipientEmail.trim();
  const nameError = name === '' ? t('activation.errors.organizationNameRequired') : undefined;
  const emailError =
    email === ''
      ? t('activation.errors.recipientEmailRequired')
      : !isEmail(email)
        ? t('activation.errors.recipientEmailInvalid')
        : undefined;
  const lineErrors = skuLineErrors(draft.lines, t, server);
  const valid =
    nameError === undefined &&
    emailError === undefined &&
    skuLineErrors(draft.lines, t, new Set()).every((line) => !line.skuId && !line.quantity);

  const change = (patch: Partial<Draft>) => {
    setDraft((current) => ({ ...current, ...patch }));
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTouched(true);
    if (!valid) return;
    send.mutate(
      {
        kind,
        organizationName: name,
        recipientEmail: email,
        language: draft.language,
        skus: draft.lines.map((line) => ({ skuId: line.skuId, quantity: parseQuantity(line.quantity) ?? 1 })),
      },
      { onSuccess: onSent },
    );
  };

  // Client-side messages once a submit was tried; the server's field errors of the last attempt otherwise.
  const shown = (client: string | undefined, field: string) => (touched ? client : undefined) ?? serverMessage(field);

  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogBody>
        <DialogTitle>{t('activation.send')}</DialogTitle>
        <DialogContent className={styles.content}>
          <Text className={styles.intro}>{t(`activation.intro.${kind}`)}</Text>
          {send.isError ? <ErrorState error={send.error} /> : null}
          <Field
            label={t('activation.organizationName')}
            required
            validationMessage={shown(nameError, 'organizationName')}
          >
            <Input
              value={draft.organizationName}
              maxLength={200}
              onChange={(_event, data) => {
                change({ organizationName: data.value });
              }}
            />
          </Field>
          <Field
            label={t('activation.recipientEmail')}
            required
            hint={t('activation.recipientEmailHint')}
            validationMessage={shown(emailError, 'recipientEmail')}
          >
            <Input
              type="email"
              value={draft.recipientEmail}
              maxLength={254}
              onChange={(_event, data) => {
                change({ recipientEmail: data.value });
              }}
            />
          </Field>
          {kind === 'customer' ? (
            <SkuLines
              lines={draft.lines}
              errors={touched || server.size > 0 ? lineErrors : []}
              listError={serverMessage('skus')}
              onChange={(lines) => {
                change({ lines });
              }}
              onAdd={() => {
                change({ lines: [...draft.lines, newLine()] });
              }}
            />
          ) : null}
          <Field label={t('activation.language')} hint={t('activation.languageHint')}>
            <RadioGroup
              layout="horizontal"
              value={draft.language}
              onChange={(_event, data) => {
                if (isLanguage(data.value)) change({ language: data.value });
              }}
            >
              <Radio value="fr" label={<span lang="fr">Français</span>} />
              <Radio value="en" label={<span lang="en">English</span>} />
            </RadioGroup>
          </Field>
        </DialogContent>
        <DialogActions>
          <DialogTrigger disableButtonEnhancement>
            <Button>{t('common.cancel')}</Button>
          </DialogTrigger>
          <Button type="submit" appearance="primary" disabledFocusable={send.isPending}>
            {send.isPending ? t('activation.sending') : t('activation.send')}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}

function SentConfirmation({ link }: { link: ActivationLink }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  return (
    <DialogBody>
      <DialogTitle>{t('activation.sentTitle')}</DialogTitle>
      <DialogContent className={styles.sent}>
        <Text>{t('activation.sentBody', { email: link.recipientEmail, name: link.organizationName })}</Text>
        <Text>{t('activation.expiresOn', { date: format.date(link.expiresAt) })}</Text>
        {link.url ? <CopyLinkField url={link.url} /> : null}
      </DialogContent>
      <DialogActions>
        <DialogTrigger disableButtonEnhancement>
          <Button appearance="primary">{t('common.done')}</Button>
        </DialogTrigger>
      </DialogActions>
    </DialogBody>
  );
}
