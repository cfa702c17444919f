import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { verifyWebhook } from '../receiver/verifyWebhook.js'

/** One request the receiver got. */
export interface ReceivedAttempt {
  id: string
  type: string | undefined
  verified: boolean
  status: number
  /** Whether the answer reached the sender (not after it gave up waiting). */
  answered: boolean
  data: Record<string, string | null> | undefined
}

/**
 * A webhook receiver on loopback that verifies each delivery, answers as
 * `answer` says (a status, or a delay first), and can be closed and opened
 * again on the same port (a restart).
 */
export async function webhookReceiver(secret: string) {
  const attempts: ReceivedAttempt[] = []
  let answer: (id: string, seen: number) => { status: number; delayMs?: number } = () => ({
    status: 204,
  })
  let server: Server | undefined
  let port = 0
  const open = async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        const id = String(req.headers['webhook-id'] ?? '')
        let verified = false
        let type: string | undefined
        let data: ReceivedAttempt['data']
        try {
          const event = verifyWebhook({
            secret,
            body,
            headers: req.headers as Record<string, string>,
          })
          verified = true
          type = event.type
          data = event.data
        } catch {
          // recorded as unverified
        }
        const seen = attempts.filter((a) => a.id === id).length
        const { status, delayMs = 0 } = verified ? answer(id, seen) : { status: 400 }
        const attempt = { id, type, verified, status, data, answered: false }
        attempts.push(attempt)
        setTimeout(() => {
          if (res.destroyed || req.socket.destroyed) return
          res.writeHead(status)
          res.end()
          attempt.answered = true
        }, delayMs)
      })
    })
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve))
    port = (server!.address() as AddressInfo).port
  }
  const close = async () => {
    const s = server
    server = undefined
    if (!s) return
    s.closeAllConnections()
    await new Promise((resolve) => s.close(resolve))
  }
  await open()
  return {
    url: () => `http://127.0.0.1:${port}/hooks`,
    attempts,
    /** The ids answered with a 2xx. */
    acknowledged: () => attempts.filter((a) => a.answered && a.status < 300).map((a) => a.id),
    setAnswer(next: typeof answer) {
      answer = next
    },
    restart: open,
    close,
  }
}
