import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The GOV.UK and MoJ stylesheets name their fonts and images at /assets/…;
 * pointing them at the package's own files lets Vite bundle (and hash) the ones
 * used, so nothing is fetched from elsewhere at run time.
 */
function designSystemAssets(): Plugin {
  return {
    name: 'design-system-assets',
    enforce: 'pre',
    transform(code, id) {
      if (/(govuk-frontend|moj-frontend)\.min\.css$/.test(id))
        return code.replaceAll('url(/assets/', 'url(./assets/');
      return undefined;
    },
  };
}

/** Two pages, one bundle: the console at /console and GraphiQL, which the API serves at /graphql in development. */
export default defineConfig({
  base: '/console/',
  plugins: [designSystemAssets(), react()],
  // govuk-frontend still ships an old Internet Explorer media-query hack; drop it instead of failing.
  css: { lightningcss: { errorRecovery: true } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 5000,
    rollupOptions: {
      input: {
        index: resolve(__dirname, 'index.html'),
        graphiql: resolve(__dirname, 'graphiql.html'),
      },
    },
  },
  server: {
    proxy: Object.fromEntries(
      [
        '/graphql',
        '/documents',
        '/benchmarking',
        '/console/dev',
        '/console/sign-in-settings.json',
      ].map((p) => [p, 'http://localhost:4000']),
    ),
  },
});
