import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The front end lives in web/; `vite build` writes web/dist, which the server serves.
// In development, `vite` proxies /api to a running server (MERCHANT_API, default :8787).
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1_000 },
  server: { proxy: { '/api': process.env.MERCHANT_API ?? 'http://127.0.0.1:8787' } },
})
