import { useCallback, useEffect, useRef } from 'react';

/**
 * Keeps a fixed-position pane below the app's top bar (its first <header>), so that language, theme and user menu
 * stay within reach while the pane is open; once the top bar has scrolled away, the pane takes the full height.
 * Returns the ref to put on the pane's surface.
 */
export function useBelowTopBar<T extends HTMLElement>() {
  const surface = useRef<T | null>(null);
  const place = useCallback(() => {
    const element = surface.current;
    const bar = document.querySelector('header');
    if (!element || !bar) return;
    element.style.top = `${String(Math.max(0, bar.getBoundingClientRect().bottom))}px`;
  }, []);
  useEffect(() => {
    window.addEventListener('scroll', place, { passive: true });
    window.addEventListener('resize', place);
    return () => {
      window.removeEventListener('scroll', place);
      window.removeEventListener('resize', place);
    };
  }, [place]);
  return useCallback(
    (element: T | null) => {
      surface.current = element;
      place();
    },
    [place],
  );
}
