import type { ChaosAction } from './ChaosAction.js'

const usd = (cents: bigint) => `$${(Number(cents) / 100).toFixed(0)}`

/** One plan step as a short line (what the runner prints for a seed's plan). */
export function describeAction(action: ChaosAction): string {
  switch (action.kind) {
    case 'open':
      return `open#${action.loan}${action.v2 ? ' v2' : ''} ${usd(action.principal)}→${action.payee} interest:${action.interest}${action.rollover === 'ignore' ? ' no-rollover' : ''}`
    case 'advance':
      return `clock+${action.hours}h`
    case 'price':
      return `price ${usd(action.centsPerBtc)}`
    case 'topUp':
      return `topUp#${action.loan} ${action.percent}%`
    case 'rollover':
      return `rollover#${action.loan}+${action.extraBlocks}${action.through ? ' through' : ''}`
    case 'mine':
      return `mine ${action.blocks}`
    case 'repay':
      return `repay#${action.loan}`
    case 'killDesk':
      return `KILL desk in ${action.delayMs}ms (down ${action.downMs}ms)`
    case 'killDeskAt':
      return `KILL desk ${action.when} ${action.event} (down ${action.downMs}ms)`
    case 'restartAgent':
      return 'RESTART agent'
    case 'restartNode':
      return `${action.crash ? 'CRASH' : 'RESTART'} ${action.node}`
    case 'oracle':
      return action.up ? 'ORACLE up' : 'ORACLE down'
    case 'killEscrow':
      return `KILL escrow in ${action.delayMs}ms (down ${action.downMs}ms)`
    case 'escrowPrice':
      return action.price === 'follow'
        ? 'ESCROW price follows'
        : `ESCROW price ${action.price === 'none' ? 'none' : usd(action.price)}`
    case 'escrowClock':
      return `ESCROW clock+${action.hours}h`
  }
}

/** True for a step that injects a fault. */
export const isFault = (action: ChaosAction): boolean =>
  action.kind === 'killDesk' ||
  action.kind === 'killDeskAt' ||
  action.kind === 'restartAgent' ||
  action.kind === 'restartNode' ||
  (action.kind === 'oracle' && !action.up) ||
  action.kind === 'killEscrow' ||
  (action.kind === 'escrowPrice' && action.price !== 'follow') ||
  action.kind === 'escrowClock'
