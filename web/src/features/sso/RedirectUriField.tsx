import { useState } from 'react';
import { Button, Field, Input, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { CheckmarkRegular, CopyRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  field: { flexGrow: 1, minWidth: 0 },
  url: { fontFamily: tokens.fontFamilyMonospace },
  status: { minHeight: tokens.lineHeightBase200 },
  copied: { color: tokens.colorPaletteGreenForeground1 },
  failed: { color: tokens.colorPaletteRedForeground1 },
});

type CopyState = 'idle' | 'copied' | 'failed';

/** The redirect URI to register at the identity provider, read-only, with a copy button and its outcome announced. */
export function RedirectUriField({ uri }: { uri: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [copy, setCopy] = useState<CopyState>('idle');

  const onCopy = () => {
    navigator.clipboard.writeText(uri).then(
      () => {
        setCopy('copied');
      },
      // Clipboard access can be refused (permissions, insecure origin): say so, the text can still be selected.
      () => {
        setCopy('failed');
      },
    );
  };

  return (
    <div className={styles.root}>
      <div className={styles.row}>
        <Field label={t('sso.form.redirectUri')} hint={t('sso.form.redirectUriHint')} className={styles.field}>
          <Input
            readOnly
            value={uri}
            input={{ className: styles.url }}
            onFocus={(event) => {
              event.target.select();
            }}
          />
        </Field>
        <Button
          icon={copy === 'copied' ? <CheckmarkRegular /> : <CopyRegular />}
          aria-label={t('sso.form.copyLabel')}
          onClick={onCopy}
        >
          {t('sso.form.copy')}
        </Button>
      </div>
      <Text
        role="status"
        size={200}
        className={mergeClasses(styles.status, copy === 'copied' && styles.copied, copy === 'failed' && styles.failed)}
      >
        {copy === 'copied' ? t('sso.form.copied') : copy === 'failed' ? t('sso.form.copyFailed') : ''}
      </Text>
    </div>
  );
}
