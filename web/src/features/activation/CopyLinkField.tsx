import { useState } from 'react';
import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkRegular, CopyRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  field: { flexGrow: 1, minWidth: 0 },
  url: { fontFamily: tokens.fontFamilyMonospace },
});

type CopyState = 'idle' | 'copied' | 'failed';

/** A read-only activation link with a "Copy link" button; the result is announced through the field's message. */
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
    <div className={styles.row}>
      <Field
        label={t('activation.link')}
        className={styles.field}
        validationState={copy === 'failed' ? 'error' : copy === 'copied' ? 'success' : 'none'}
        validationMessage={
          copy === 'failed' ? t('activation.copyFailed') : copy === 'copied' ? t('activation.copied') : undefined
        }
      >
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
  );
}
