import { spawn } from 'node:child_process'
import { existsSync, openSync, readFileSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { ensureBinaries } from '../binaries/ensureBinaries.js'
import { ensureLncBinaries } from '../binaries/ensureLncBinaries.js'
import { connectNetwork } from '../control/connectNetwork.js'
import { serveNetwork } from '../control/serveNetwork.js'
import { lndPost } from '../network/lndRest.js'
import { startNetwork } from '../network/startNetwork.js'
import type { Network } from '../network/types.js'
import { attachPolar } from '../polar/attachPolar.js'
import { sleep } from '../util/waitFor.js'
import { type NetworkState, readNetworkState, stateDir, stateFile } from './state.js'

const USAGE = `btcfi-regtest: a regtest Lightning network (btcd + lnd) for development and tests

Usage:
  btcfi-regtest install [--lnc]
                        build lnd, lncli, btcd and btcctl into the cache (once);
                        --lnc also the LNC mailbox, node side and wasm client
  btcfi-regtest up [--nodes alice,bob,carol] [--polar <network>] [--lnc]
                        start a network in the background (or attach to Polar);
                        --lnc adds the Lightning Node Connect path
  btcfi-regtest pair <node> [admin|readonly]
                        print a fresh LNC pairing phrase of a node (network up --lnc)
  btcfi-regtest status  chain height, nodes and channels
  btcfi-regtest mine <n>
                        mine n blocks
  btcfi-regtest invoice <node> <sat> [memo]
                        print a BOLT 11 invoice of a node, to pay from another
  btcfi-regtest env [--json]
                        connection details of every node
  btcfi-regtest down    stop the network and remove its files

The network's state is kept in $BTCFI_REGTEST_HOME (default ./.regtest).`

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case 'install':
      return install(rest)
    case 'pair':
      return pair(rest)
    case 'up':
      return up(rest)
    case 'daemon':
      return daemon(rest)
    case 'status':
      return status()
    case 'mine':
      return mine(rest)
    case 'env':
      return env(rest)
    case 'invoice':
      return invoice(rest)
    case 'down':
      return down()
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE)
      return command === undefined ? 1 : 0
    default:
      console.error(`unknown command ${command}\n\n${USAGE}`)
      return 1
  }
}

async function install(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { lnc: { type: 'boolean' } } })
  // Both builds at once: each leaves a core idle at times (downloads, links), so
  // on a new machine they finish sooner together than one after the other.
  const [binaries, lnc] = await Promise.all([
    ensureBinaries({ onProgress: (line) => console.log(`[lnd] ${line}`) }),
    values.lnc
      ? ensureLncBinaries({ onProgress: (line) => console.log(`[lnc] ${line}`) })
      : undefined,
  ])
  console.log(`regtest binaries: ${binaries.lnd.replace(/\/lnd$/, '')}`)
  if (lnc) console.log(`LNC binaries: ${lnc.lncNode.replace(/\/lnc-node$/, '')}`)
  return 0
}

async function pair(args: string[]): Promise<number> {
  const [name, type = 'admin'] = args
  if (!name || (type !== 'admin' && type !== 'readonly')) {
    console.error('usage: btcfi-regtest pair <node> [admin|readonly]')
    return 1
  }
  const { network } = await connect()
  if (!network.lnc) {
    console.error('the network has no LNC path: start it with `btcfi-regtest up --lnc`')
    return 1
  }
  const session = await network.lnc.createSession(name, { type })
  console.log(session.pairingPhrase)
  return 0
}

async function up(args: string[]): Promise<number> {
  const file = stateFile()
  if (existsSync(file)) {
    const state = await readNetworkState(file)
    if (isAlive(state.pid)) {
      console.log(
        `a network is already running (pid ${state.pid}); \`btcfi-regtest down\` stops it`,
      )
      return 0
    }
    await rm(file, { force: true })
  }
  const dir = stateDir()
  await mkdir(dir, { recursive: true })
  const log = join(dir, 'daemon.log')
  await writeFile(log, '')
  const child = spawn(
    process.execPath,
    [...process.execArgv, process.argv[1]!, 'daemon', ...args],
    {
      detached: true,
      stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')],
      env: process.env,
    },
  )
  child.unref()
  // Follow the daemon's progress until it says ready, or dies.
  let shown = 0
  for (;;) {
    const text = readFileSync(log, 'utf8')
    const lines = text.split('\n')
    for (const line of lines.slice(shown, -1)) console.log(line)
    shown = Math.max(shown, lines.length - 1)
    if (existsSync(file)) break
    if (child.exitCode !== null || !isAlive(child.pid!)) {
      console.error(`the network failed to start; see ${log}`)
      return 1
    }
    await sleep(200)
  }
  return status()
}

async function daemon(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { nodes: { type: 'string' }, polar: { type: 'string' }, lnc: { type: 'boolean' } },
  })
  const progress = (line: string) =>
    console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`)
  const dir = stateDir()
  const netDir = join(dir, 'network')
  await rm(netDir, { recursive: true, force: true })
  const network = values.polar
    ? await attachPolar({ network: values.polar })
    : await startNetwork({
        onProgress: progress,
        dir: netDir,
        lnc: values.lnc === true,
        ...(values.nodes ? { nodes: values.nodes.split(',').map((n) => n.trim()) } : {}),
      })
  let stopping = false
  const shutdown = async () => {
    if (stopping) return
    stopping = true
    progress('stopping')
    await rm(stateFile(dir), { force: true })
    await server.close()
    await network.stop()
    progress('stopped')
    process.exit(0)
  }
  const server = await serveNetwork(network, { onStop: shutdown })
  const state: NetworkState = {
    url: server.url,
    token: server.token,
    pid: process.pid,
    startedAt: new Date().toISOString(),
    dir: netDir,
  }
  await writeFile(stateFile(dir), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 })
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
  return new Promise<number>(() => {})
}

async function connect(): Promise<{ state: NetworkState; network: Network }> {
  const state = await readNetworkState()
  return { state, network: await connectNetwork(state) }
}

async function status(): Promise<number> {
  const { state, network } = await connect()
  const height = await network.height()
  console.log(`network: pid ${state.pid}, up since ${state.startedAt}, files in ${state.dir}`)
  console.log(`chain:   regtest, height ${height}`)
  console.log('nodes:')
  for (const node of Object.values(network.nodes)) {
    console.log(
      `  ${node.name.padEnd(8)} ${node.pubkey}  rest ${node.restUrl}  p2p ${node.p2pHost}`,
    )
  }
  console.log('channels:')
  for (const channel of network.channels()) {
    console.log(`  ${channel.from} → ${channel.to}  ${channel.channelPoint}`)
  }
  if (network.lnc) {
    console.log(`lnc:     mailbox ${network.lnc.mailbox}  wasm ${network.lnc.wasmUrl}`)
    console.log('         `btcfi-regtest pair <node> [admin|readonly]` prints a pairing phrase')
  }
  return 0
}

async function mine(args: string[]): Promise<number> {
  const blocks = Number(args[0] ?? '1')
  if (!Number.isInteger(blocks) || blocks < 1) {
    console.error('usage: btcfi-regtest mine <blocks>')
    return 1
  }
  const { network } = await connect()
  const hashes = await network.mine(blocks)
  console.log(`mined ${hashes.length} block(s); height ${await network.height()}`)
  return 0
}

async function env(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } })
  const { network } = await connect()
  if (values.json) {
    console.log(JSON.stringify({ nodes: network.nodes, channels: network.channels() }, null, 2))
    return 0
  }
  for (const node of Object.values(network.nodes)) {
    const prefix = `BTCFI_${node.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`
    console.log(`export ${prefix}_PUBKEY=${node.pubkey}`)
    console.log(`export ${prefix}_REST_URL=${node.restUrl}`)
    console.log(`export ${prefix}_GRPC_HOST=${node.grpcHost}`)
    console.log(`export ${prefix}_TLS_CERT_PATH=${node.tlsCertPath}`)
    console.log(`export ${prefix}_ADMIN_MACAROON_PATH=${node.macaroonPaths.admin}`)
    console.log(`export ${prefix}_INVOICE_MACAROON_PATH=${node.macaroonPaths.invoice}`)
    console.log(`export ${prefix}_READONLY_MACAROON_PATH=${node.macaroonPaths.readonly}`)
  }
  return 0
}

async function invoice(args: string[]): Promise<number> {
  const [name, sat, ...memo] = args
  if (!name || !sat || !/^\d+$/.test(sat)) {
    console.error('usage: btcfi-regtest invoice <node> <sat> [memo]')
    return 1
  }
  const { network } = await connect()
  const reply = await lndPost<{ payment_request: string }>(network.node(name), '/v1/invoices', {
    value: sat,
    memo: memo.join(' '),
  })
  console.log(reply.payment_request)
  return 0
}

async function down(): Promise<number> {
  const file = stateFile()
  if (!existsSync(file)) {
    console.log('no network is running')
    return 0
  }
  const state = await readNetworkState(file)
  if (isAlive(state.pid)) {
    await (await connectNetwork(state)).stop().catch(() => process.kill(state.pid, 'SIGTERM'))
    const deadline = Date.now() + 60_000
    while (isAlive(state.pid) && Date.now() < deadline) await sleep(200)
    if (isAlive(state.pid)) process.kill(state.pid, 'SIGKILL')
  }
  await rm(file, { force: true })
  console.log('network stopped')
  return 0
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (process.argv[2] !== 'daemon' || code !== 0) process.exit(code)
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
