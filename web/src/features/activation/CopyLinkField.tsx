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

/** A read-only activation link with a "Copy link" button; the outcome is announced in a status line below. */
export function CopyLinkField({ url }: { url: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [copy, setCopy] = useState<CopyState>('idle');

  const onCopy = () => {
    navigator.clipboard.writeText(url).then(
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
        <Field label={t('activation.link')} className={styles.field}>
          <Input
            readOnly
            value={url}
            input={{ className: styles.url }}
            onFocus={(event) => {
              event.target.select();
            }}
          />
        </Field>
        <Button icon={copy === 'copied' ? <CheckmarkRegular /> : <CopyRegular />} onClick={onCopy}>
          {t('activation.copyLink')}
        </Button>
      </div>
      <Text
        role="status"
        size={200}
        className={mergeClasses(styles.status, copy === 'copied' && styles.copied, copy === 'failed' && styles.failed)}
      >
        {copy === 'copied' ? t('activation.copied') : copy === 'failed' ? t('activation.copyFailed') : ''}
      </Text>
    </div>
  );
}
