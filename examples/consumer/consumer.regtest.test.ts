import { execFile } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { lnd } from '@btcfi/lnd'
import { getTestNetwork, type NodeHandle } from '@btcfi/regtest/vitest'
import { createLightningClient } from '@btcfi/sdk'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publicPackages } from './packages.js'
import { packPackages, repoRoot } from './packPackages.js'

const run = promisify(execFile)
const net = await getTestNetwork()
const connection = (node: NodeHandle) => ({
  restUrl: node.restUrl,
  macaroon: node.macaroons.admin,
  tlsCert: node.tlsCert,
})
const clientOf = (node: NodeHandle) =>
  createLightningClient({
    backend: lnd({ url: node.restUrl, macaroon: node.macaroons.admin, cert: node.tlsCert }),
  })

let scratch: string
let tarballs: Record<string, string>
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'btcfi-consumer-'))
  tarballs = await packPackages(join(scratch, 'tarballs'))
}, 300_000)
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true })
})

describe('the packed packages, as npm users get them', () => {
  it('each tarball passes publint and arethetypeswrong (ESM only)', async () => {
    const attw = join(repoRoot, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js')
    for (const name of publicPackages) {
      const tarball = await readFile(tarballs[name]!)
      const { messages, pkg } = await publint({
        pack: { tarball: new Uint8Array(tarball).buffer },
        level: 'suggestion',
      })
      expect(messages.map((m) => `${name}: ${formatMessage(m, pkg)}`)).toEqual([])
      // Exits non-zero on any problem for ESM consumers (CommonJS `require` is not offered).
      await run(process.execPath, [
        attw,
        tarballs[name]!,
        '--profile',
        'esm-only',
        '--format',
        'ascii',
      ])
    }
  }, 120_000)

  it('install with npm outside the workspace, type-check a file importing them, pay and borrow on regtest', async () => {
    const project = join(scratch, 'shop')
    await mkdir(project, { recursive: true })
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({ name: 'btcfi-consumer', private: true, type: 'module' }),
    )
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2022', 'DOM'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          exactOptionalPropertyTypes: true,
          types: ['node'],
          outDir: 'out',
        },
        files: ['consumer.ts'],
      }),
    )
    await copyFile(join(import.meta.dirname, 'consumer.ts'), join(project, 'consumer.ts'))
    // Plain npm: our tarballs, third-party dependencies from the registry.
    await run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        '--prefer-offline',
        ...publicPackages.map((name) => tarballs[name]!),
        'typescript@5.9.3',
        '@types/node@^20.19.0',
      ],
      { cwd: project, env: { ...process.env, npm_config_build_from_source: 'true' } },
    )
    await run(
      process.execPath,
      [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'],
      {
        cwd: project,
      },
    )

    const alice = clientOf(net.node('alice'))
    const carol = clientOf(net.node('carol'))
    const before = { carol: (await carol.getChannelBalance()).localMsat }
    const { stdout } = await run(process.execPath, ['out/consumer.js'], {
      cwd: project,
      env: {
        ...process.env,
        BTCFI_CONSUMER_NODES: JSON.stringify({
          alice: connection(net.node('alice')),
          bob: connection(net.node('bob')),
          carol: connection(net.node('carol')),
        }),
      },
    })
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({
      paid: { status: 'SUCCEEDED', amount: '2000' },
      loan: {
        collateralSat: '20000',
        active: 'ACTIVE',
        repaidMsat: expect.stringMatching(/^100\d{5}$/),
        collateral: 'released',
        final: 'REPAID',
      },
      streamKey: true,
    })
    // The shop's node has the 2,000 sat; no HTLC is left held on the wallet's.
    expect((await carol.getChannelBalance()).localMsat - before.carol).toBe(2_000_000n)
    expect((await alice.getChannelBalance()).unsettledLocalMsat).toBe(0n)
  }, 600_000)
})
