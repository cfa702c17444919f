import { QRCodeSVG } from 'qrcode.react'
import { useState } from 'react'

/** A BOLT 11 invoice as a QR code (upper case: a denser code) and as text with a copy button. */
export function InvoiceQr({ paymentRequest }: { paymentRequest: string }) {
  const [copied, setCopied] = useState(false)
  const copy = async () => {
    await navigator.clipboard?.writeText(paymentRequest).catch(() => {})
    setCopied(true)
    setTimeout(() => setCopied(false), 1_500)
  }
  return (
    <div className="invoice">
      <QRCodeSVG value={`lightning:${paymentRequest.toUpperCase()}`} size={208} marginSize={2} />
      <code className="bolt11" data-testid="bolt11">
        {paymentRequest}
      </code>
      <button type="button" onClick={copy}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  )
}
