import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.RELAIS_API_URL ?? 'http://localhost:3000';

// Keep the browser's Host header (changeOrigin: false) so the server's same-origin check on unsafe requests passes.
const toServer: ProxyOptions = { target: apiTarget, changeOrigin: false, xfwd: true };

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // No source maps in the build the server publishes: they hand out the whole source. `npm run dev` has them.
    sourcemap: false,
    rollupOptions: {
      output: {
        // Libraries change less often than the app: separate chunks keep browser caches warm across releases.
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(@fluentui|@griffel|tabster|keyborg|@floating-ui)\//.test(id)) return 'fluent';
          if (/node_modules\/(react|react-dom|scheduler|react-router)\//.test(id)) return 'react';
          return 'vendor';
        },
      },
    },
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      // Server-Sent Events stream through http-proxy unbuffered; the server must not compress text/event-stream.
      '/api': toServer,
      '/healthz': toServer,
      '/readyz': toServer,
    },
  },
  preview: { port: 4173 },
});
