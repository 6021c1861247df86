import { useTranslation } from 'react-i18next';
import { CopyField } from '../../shared/ui/CopyField';

/** A read-only activation link with a "Copy link" button. */
export function CopyLinkField({ url }: { url: string }) {
  const { t } = useTranslation();
  return (
    <CopyField
      value={url}
      texts={{
        label: t('activation.link'),
        copy: t('activation.copyLink'),
        copied: t('activation.copied'),
        copyFailed: t('activation.copyFailed'),
      }}
    />
  );
}
