import { defineConfig } from 'vite'

// Resolve the workspace packages to their TypeScript sources (the `source`
// export condition), as the SDK's own tests do.
export default defineConfig({
  resolve: { conditions: ['source', 'browser', 'module', 'import', 'default'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 2_000 },
})
