import type { ContenderFactory } from './Contender.js'
import { lightningGrpc } from './lightningGrpc.js'
import { rawRest } from './rawRest.js'
import { sdkLnc } from './sdkLnc.js'
import { sdkLnd } from './sdkLnd.js'

/**
 * The contenders of one run, in their first round's order (each round starts
 * one further along). The first is the reference the ratios divide by.
 */
export const contenders: readonly ContenderFactory[] = [rawRest, sdkLnd, lightningGrpc, sdkLnc]
