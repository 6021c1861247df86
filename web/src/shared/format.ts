import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Date, number and country formatters for the current UI language (all through Intl). */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    const number = new Intl.NumberFormat(locale);
    const regions = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
    return {
      date: (iso: string | null | undefined) => (iso ? date.format(new Date(iso)) : '—'),
      dateTime: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '—'),
      number: (value: number) => number.format(value),
      country: (code: string) => {
        if (!/^[A-Za-z]{2}$/.test(code)) return code;
        return regions.of(code.toUpperCase()) ?? code;
      },
    };
  }, [locale]);
}
