import { useState, type ReactNode } from 'react';
import {
  createDOMRenderer,
  FluentProvider,
  makeStaticStyles,
  makeStyles,
  RendererProvider,
  webDarkTheme,
  webLightTheme,
} from '@fluentui/react-components';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from './queryClient';
import { ThemeChoiceProvider, useThemeChoice } from '../shared/theme';

/** The per-request nonce the server writes into index.html, so Griffel's <style> tags pass the CSP. */
function cspNonce(): string | undefined {
  const content = document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content');
  return content && content !== '__CSP_NONCE__' ? content : undefined;
}

const nonce = cspNonce();
const renderer = createDOMRenderer(document, { styleElementAttributes: nonce ? { nonce } : {} });

const useGlobalStyles = makeStaticStyles({
  'html, body': { margin: 0, padding: 0, minHeight: '100%' },
});

const useStyles = makeStyles({
  root: { minHeight: '100vh', display: 'flex', flexDirection: 'column' },
});

function ThemedFluent({ children }: { children: ReactNode }) {
  const { theme } = useThemeChoice();
  const styles = useStyles();
  useGlobalStyles();
  return (
    // The layout class goes on an inner element: FluentProvider copies its own className onto every portal (menus,
    // tooltips, drawers), where a full-height flex box with the page background would cover the whole page.
    <FluentProvider theme={theme === 'dark' ? webDarkTheme : webLightTheme}>
      <div className={styles.root}>{children}</div>
    </FluentProvider>
  );
}

/** Everything the app needs around it: styles renderer (with the CSP nonce), theme, data cache. */
export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <RendererProvider renderer={renderer} targetDocument={document}>
      <ThemeChoiceProvider>
        <QueryClientProvider client={queryClient}>
          <ThemedFluent>{children}</ThemedFluent>
        </QueryClientProvider>
      </ThemeChoiceProvider>
    </RendererProvider>
  );
}
