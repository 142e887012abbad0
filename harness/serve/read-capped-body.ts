// A request body read whole, up to a cap: a body past it is refused at once (the socket is not
// read further), so a hostile client cannot make a served world buffer without limit.
import type { IncomingMessage } from 'node:http'

export type CappedBody = { ok: true; text: string } | { ok: false; bytes: number }

export async function readCappedBody(req: IncomingMessage, limitBytes: number): Promise<CappedBody> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limitBytes) return { ok: false, bytes: declared }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limitBytes) return { ok: false, bytes: size }
    chunks.push(chunk as Buffer)
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') }
}
