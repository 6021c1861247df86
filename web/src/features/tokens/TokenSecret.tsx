import { useState } from 'react';
import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  tokens,
} from '@fluentui/react-components';
import { CheckmarkRegular, CopyRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  field: { flexGrow: 1 },
  secret: { fontFamily: tokens.fontFamilyMonospace },
});

type CopyState = 'idle' | 'copied' | 'failed';

/** The new token's secret, read-only, with a copy button and the warning that it is shown only once. */
export function TokenSecret({ secret }: { secret: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [copy, setCopy] = useState<CopyState>('idle');

  const onCopy = () => {
    navigator.clipboard.writeText(secret).then(
      () => {
        setCopy('copied');
      },
      // Clipboard access can be refused (permissions, insecure origin): say so, people can still select the text.
      () => {
        setCopy('failed');
      },
    );
  };

  return (
    <div className={styles.root}>
      <MessageBar intent="warning">
        <MessageBarBody>
          <MessageBarTitle>{t('tokens.secretWarningTitle')}</MessageBarTitle>
          {t('tokens.secretWarning')}
        </MessageBarBody>
      </MessageBar>
      <div className={styles.row}>
        <Field
          label={t('tokens.secretLabel')}
          className={styles.field}
          validationState={copy === 'failed' ? 'error' : copy === 'copied' ? 'success' : 'none'}
          validationMessage={
            copy === 'failed' ? t('tokens.copyFailed') : copy === 'copied' ? t('tokens.copied') : undefined
          }
        >
          <Input
            readOnly
            value={secret}
            input={{ className: styles.secret }}
            onFocus={(event) => {
              event.target.select();
            }}
          />
        </Field>
        <Button
          icon={copy === 'copied' ? <CheckmarkRegular /> : <CopyRegular />}
          aria-label={t('tokens.copy')}
          title={t('tokens.copy')}
          onClick={onCopy}
        />
      </div>
    </div>
  );
}
