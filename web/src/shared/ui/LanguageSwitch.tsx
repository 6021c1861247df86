import {
  Button,
  Menu,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  type MenuProps,
} from '@fluentui/react-components';
import { LocalLanguageRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { currentLanguage, isLanguage, setLanguage, type Language } from '../i18n';

const OPTIONS: ReadonlyArray<{ value: Language; label: string }> = [
  { value: 'en', label: 'English' },
  { value: 'fr', label: 'Français' },
];

/** The "Language" menu; `onChosen` lets the signed-in shell also save the choice on the profile. */
export function LanguageSwitch({ onChosen }: { onChosen?: (language: Language) => void }) {
  const { t } = useTranslation();
  const language = currentLanguage();

  const onCheckedValueChange: MenuProps['onCheckedValueChange'] = (_event, data) => {
    const chosen = data.checkedItems[0];
    if (!isLanguage(chosen) || chosen === language) return;
    void setLanguage(chosen);
    onChosen?.(chosen);
  };

  return (
    <Menu checkedValues={{ language: [language] }} onCheckedValueChange={onCheckedValueChange}>
      <MenuTrigger disableButtonEnhancement>
        <Button appearance="subtle" icon={<LocalLanguageRegular />}>
          {t('language.label')}
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {OPTIONS.map((option) => (
            <MenuItemRadio key={option.value} name="language" value={option.value} lang={option.value}>
              {option.label}
            </MenuItemRadio>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
