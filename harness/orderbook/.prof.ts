import { FakeOrderbook } from './fake-orderbook.js'
import { ManualClock, SEPOLIA_ROOT, presignOrderBody, JSON_HEADERS, START_MS } from './test-helpers.js'
const book = await FakeOrderbook.create({ clock: new ManualClock() })
const bodies = Array.from({ length: 5000 }, (_, i) => JSON.stringify(presignOrderBody({ validTo: START_MS / 1000 + 3600 + i })))
const t = performance.now()
for (const body of bodies) await book.handle({ method: 'POST', url: `${SEPOLIA_ROOT}/api/v1/orders`, headers: JSON_HEADERS, body })
console.log('handle', ((performance.now() - t) / 5000).toFixed(3))
