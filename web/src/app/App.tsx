import { RouterProvider } from 'react-router/dom';
import { ErrorBoundary } from './ErrorPage';
import { Providers } from './Providers';
import { router } from './router';

/** The whole web app. */
export function App() {
  return (
    <Providers>
      <ErrorBoundary>
        <RouterProvider router={router} />
      </ErrorBoundary>
    </Providers>
  );
}
