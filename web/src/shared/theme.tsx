import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type ThemeName = 'light' | 'dark';

const STORAGE_KEY = 'relais.theme';

function initialTheme(): ThemeName {
  const saved = window.localStorage.getItem(STORAGE_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

interface ThemeChoice {
  theme: ThemeName;
  setTheme: (theme: ThemeName) => void;
}

const ThemeContext = createContext<ThemeChoice | null>(null);

/** Holds the light/dark choice, remembered on this browser; defaults to the system preference. */
export function ThemeChoiceProvider({ children }: { children: ReactNode }) {
  const [theme, setThemeState] = useState<ThemeName>(initialTheme);
  const setTheme = useCallback((next: ThemeName) => {
    window.localStorage.setItem(STORAGE_KEY, next);
    setThemeState(next);
  }, []);
  const value = useMemo(() => ({ theme, setTheme }), [theme, setTheme]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

export function useThemeChoice(): ThemeChoice {
  const choice = useContext(ThemeContext);
  if (!choice) throw new Error('useThemeChoice must be used inside ThemeChoiceProvider');
  return choice;
}
