// `[engine] metrics_addr`: an HTTP server on that address (127.0.0.1 unless the operator names
// another host) answering GET /metrics with the Prometheus text of the registry, and GET /healthz
// with 200 while the event loop turns (a heartbeat younger than STALE_MS), 503 otherwise.
// Live engine only: fixture runs never open a socket.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Registry } from 'prom-client'

export interface MetricsServer {
  /** The address actually bound (`port = 0` in the config picks a free one). */
  address: { host: string; port: number }
  close(): Promise<void>
}

const HEARTBEAT_MS = 500
const STALE_MS = 5_000

export async function startMetricsServer(registry: Registry, host: string, port: number): Promise<MetricsServer> {
  let lastBeat = Date.now()
  const heartbeat = setInterval(() => (lastBeat = Date.now()), HEARTBEAT_MS)
  heartbeat.unref()
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
      )
      return
    }
    if (path === '/healthz') {
      const age = Date.now() - lastBeat
      const ok = age < STALE_MS
      res
        .writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' })
        .end(ok ? 'ok\n' : `event loop stalled ${age} ms\n`)
      return
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics or /healthz\n')
  })
  // The engine must not wait on a scraper's keep-alive socket when it exits.
  server.keepAliveTimeout = 1_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  }).catch((error: unknown) => {
    clearInterval(heartbeat)
    throw new Error(
      `metrics_addr ${host}:${port}: cannot listen: ${error instanceof Error ? error.message : String(error)}`,
    )
  })
  const bound = server.address() as AddressInfo
  return {
    address: { host: bound.address, port: bound.port },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat)
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
