import { useState } from 'react';
import { Button, Field, Input, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { CheckmarkRegular, CopyRegular } from '@fluentui/react-icons';

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

export interface CopyFieldTexts {
  label: string;
  hint?: string;
  /** The button's text, and its accessible name when that must say more. */
  copy: string;
  copyLabel?: string;
  copied: string;
  copyFailed: string;
}

/**
 * A read-only value (an activation link, a redirect URI) with a copy button; the outcome is announced in a status
 * line below. The texts come from the caller, in its own namespace.
 */
export function CopyField({ value, texts }: { value: string; texts: CopyFieldTexts }) {
  const styles = useStyles();
  const [copy, setCopy] = useState<CopyState>('idle');

  const onCopy = () => {
    navigator.clipboard.writeText(value).then(
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
        <Field label={texts.label} hint={texts.hint} className={styles.field}>
          <Input
            readOnly
            value={value}
            input={{ className: styles.url }}
            onFocus={(event) => {
              event.target.select();
            }}
          />
        </Field>
        <Button
          icon={copy === 'copied' ? <CheckmarkRegular /> : <CopyRegular />}
          aria-label={texts.copyLabel}
          onClick={onCopy}
        >
          {texts.copy}
        </Button>
      </div>
      <Text
        role="status"
        size={200}
        className={mergeClasses(styles.status, copy === 'copied' && styles.copied, copy === 'failed' && styles.failed)}
      >
        {copy === 'copied' ? texts.copied : copy === 'failed' ? texts.copyFailed : ''}
      </Text>
    </div>
  );
}
