import { defineConfig } from 'vitest/config'

// Two projects: `unit` (no node needed, fast) and `regtest` (a real btcd + lnd
// network and a PostgreSQL, started once per run by @btcfi/regtest's global setups).
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'examples/*/**/*.test.ts'],
          exclude: ['**/*.regtest.test.ts', '**/node_modules/**'],
          typecheck: { enabled: true, include: ['packages/*/src/**/*.test-d.ts'] },
        },
      },
      {
        extends: true,
        test: {
          name: 'regtest',
          include: ['packages/*/src/**/*.regtest.test.ts', 'examples/*/**/*.regtest.test.ts'],
          exclude: ['**/node_modules/**'],
          // The network, and one PostgreSQL for the run (or BTCFI_POSTGRES_URL's).
          globalSetup: [
            'packages/regtest/src/vitest/globalSetup.ts',
            'packages/regtest/src/vitest/postgresSetup.ts',
          ],
          // After each file: nothing held, no process left; or the file fails by name.
          setupFiles: ['packages/regtest/src/vitest/isolation.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // One network is shared by every regtest file: run them one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
})
