import { ToggleButton } from '@fluentui/react-components';
import { WeatherMoonRegular, WeatherSunnyRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useThemeChoice } from '../theme';

/** A toggle between the light and dark Fluent themes. */
export function ThemeSwitch() {
  const { t } = useTranslation();
  const { theme, setTheme } = useThemeChoice();
  const dark = theme === 'dark';
  return (
    <ToggleButton
      appearance="subtle"
      checked={dark}
      aria-label={t('theme.dark')}
      title={t('theme.dark')}
      icon={dark ? <WeatherMoonRegular /> : <WeatherSunnyRegular />}
      onClick={() => {
        setTheme(dark ? 'light' : 'dark');
      }}
    />
  );
}
