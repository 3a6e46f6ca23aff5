import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// `npm run build:dashboard` writes dist/dashboard, which `tickwork serve` serves at /dashboard/.
// `npm run dev:dashboard` serves it with hot reload and sends API calls to a `tickwork serve` on 7420.
export default defineConfig({
  root: here,
  base: '/dashboard/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: {
      '^/tickwork\\.v1\\.': { target: process.env.TICKWORK_SERVER ?? 'http://127.0.0.1:7420' },
      '/metrics': { target: process.env.TICKWORK_SERVER ?? 'http://127.0.0.1:7420' },
    },
  },
});
