import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en/translation.json';
import fr from '../locales/fr/translation.json';
import enOnboarding from '../locales/en/onboarding.json';
import frOnboarding from '../locales/fr/onboarding.json';
import enOperators from '../locales/en/operators.json';
import frOperators from '../locales/fr/operators.json';
import enSso from '../locales/en/sso.json';
import frSso from '../locales/fr/sso.json';
import enNotifications from '../locales/en/notifications.json';
import frNotifications from '../locales/fr/notifications.json';

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'relais.language';

export function isLanguage(value: unknown): value is Language {
  return value === 'fr' || value === 'en';
}

/** The language to start with: the one chosen earlier on this browser, else the browser's own. */
function initialLanguage(): Language {
  const saved = window.localStorage.getItem(STORAGE_KEY);
  if (isLanguage(saved)) return saved;
  return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Switches the UI language and remembers it on this browser (the sign-in page uses it too). */
export async function setLanguage(language: Language): Promise<void> {
  window.localStorage.setItem(STORAGE_KEY, language);
  if (i18n.language !== language) await i18n.changeLanguage(language);
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'en';
}

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  // onboarding.json holds the activation, onboarding, relationships and mailbox texts; operators.json the operators,
  // roles and invitation texts; sso.json the single sign-on texts; notifications.json the bell, the Notification
  // Center and the vendor's publications (all merged at the top level).
  resources: {
    en: { translation: { ...en, ...enOnboarding, ...enOperators, ...enSso, ...enNotifications } },
    fr: { translation: { ...fr, ...frOnboarding, ...frOperators, ...frSso, ...frNotifications } },
  },
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: LANGUAGES,
  initAsync: false,
  showSupportNotice: false,
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
});

export default i18n;
