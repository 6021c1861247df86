import { useEffect, useRef } from 'react';
import i18n from './i18n';

/**
 * A public page reached from a mailed link (activation, invitation) opens in the language the mail was written in,
 * once per link; people may still switch afterwards.
 */
export function useLinkLanguage(token: string, language: string | undefined): void {
  const shownIn = useRef<string | null>(null);
  useEffect(() => {
    if (language && shownIn.current !== token) {
      shownIn.current = token;
      void i18n.changeLanguage(language);
    }
  }, [language, token]);
}
