// The fake CoW orderbook: one behaviour behind every transport (MSW on the real fetch path, or
// the in-process fetch for fuzzing volume). Scenario rules answer first; otherwise a working
// fake serves orders and app data the way the real server does (docs/orderbook.md). It is an
// independent judge: UIDs and signatures are computed with viem and checked against the
// world's chain, never with the modules' code (decision 0076). Production and staging (barn)
// roots keep separate books. Time is the injected clock's; nothing here waits on the wall
// clock, and every exchange is recorded for the trace and `expect.orderbook`.
import { BaseError } from '../../engine/errors/base-error.js'
import type { Clock } from '../../engine/clock/clock.js'
import type { Hex } from '../../engine/module-api/index.js'
import type { OrderbookBehaviour, OrderbookRule } from '../scenario/types.js'
import { APP_DATA_SIZE_LIMIT, AppDataRegistry } from './app-data-registry.js'
import { OrderCreationDecodeError, decodeOrderCreation } from './decode-order-creation.js'
import { orderUid } from './order-hash.js'
import { type OrderCreationValidator, sharedOrderCreationValidator } from './order-creation-validator.js'
import { NO_CHAIN, type OrderbookChain } from './orderbook-chain.js'
import {
  type OrderbookAnswer,
  type OrderbookRequest,
  emptyAnswer,
  envelopeErrorType,
  errorAnswer,
  jsonAnswer,
  textAnswer,
} from './orderbook-http.js'
import { type OrderbookEnv, OrderbookRoots, type RoutedUrl } from './orderbook-roots.js'
import { RuleBook } from './orderbook-rules.js'
import type { OrderbookTape } from '../cassette/orderbook-tape.js'
import { addressParam, orderUidParam, pageQuery } from './path-params.js'
import { readJsonBody } from './read-json-body.js'
import { JSON_DATA_PREFIX, catalogueAnswer } from './rejection-catalogue.js'
import { type StoredOrder, orderJson } from './stored-order.js'
import { prepareSignatureRecovery, validateOrder } from './validate-order.js'

export interface OrderbookExchange {
  /** Arrival order, from 0. */
  seq: number
  chainId: number
  /** `staging` for the barn root; production (and custom roots) otherwise. */
  env: OrderbookEnv
  method: string
  /** Relative to the chain's API root, without the query. */
  path: string
  /** null: no answer was ever given (`delay: never`, or the caller aborted while it waited). */
  status: number | null
  errorType?: string | undefined
  /** The order UID the request is about, when it can be told. */
  uid?: Hex | undefined
  /** Index of the scenario rule that answered, when one did. */
  rule?: number | undefined
  /** The request's query string without `?` (`''` when none). */
  query: string
  /** The request body as it arrived; undefined when it had none. */
  requestBody?: string | undefined
  /** The answer's body as it left; undefined when no answer was given. */
  answerBody?: string | undefined
  /** The head of the chain when the request arrived (`expect.journal`'s `after_block`), when the world knows it. */
  afterBlock?: number | undefined
}

export interface OrderbookFailure {
  method: string
  url: string
  message: string
}

export interface OrderPostCounts {
  /** Every POST /api/v1/orders. */
  posts: number
  /** Answered 201. */
  accepted: number
  /** Answered anything else (requests never answered are neither). */
  rejected: number
}

/** MSW's own text when it refuses an unhandled request; the in-process path uses it too. */
export const UNHANDLED_REQUEST_MESSAGE =
  '[MSW] Cannot bypass a request when using the "error" strategy for the "onUnhandledRequest" option.'

/** A request for a URL under no orderbook root: it fails as a transport error, never reaching a network. */
export class OrderbookUnreachableError extends BaseError {
  override readonly name = 'OrderbookUnreachableError'
  constructor(readonly failure: OrderbookFailure) {
    super(UNHANDLED_REQUEST_MESSAGE)
  }
}

/** What `version` answers; the real server answers its git describe. */
export const FAKE_ORDERBOOK_VERSION = 'v0.0.0-nexum-sim-fake-orderbook'

export const DEFAULT_BEHAVIOUR: OrderbookBehaviour = { default: 'accept', rules: [] }

export interface FakeOrderbookOptions {
  clock: Clock
  validator: OrderCreationValidator
  behaviour?: OrderbookBehaviour | undefined
  /** Custom API roots (engine.toml `orderbook_url`) → chain id, beside the public ones. */
  roots?: ReadonlyMap<string, number> | undefined
  /** A cassette's recorded exchanges: when present, every request is answered from it, strictly. */
  tape?: OrderbookTape | undefined
  /** Where EIP-1271 signatures (and, in Anvil mode, pre-signatures) are checked; default: no chain. */
  chain?: OrderbookChain | undefined
  /** The chain's head block number now, for each exchange's `afterBlock`; default: unknown. */
  head?: ((chainId: number) => number | undefined) | undefined
}

interface ChainState {
  orders: Map<Hex, StoredOrder>
  appData: AppDataRegistry
}

interface Served {
  answer: OrderbookAnswer
  uid?: Hex | undefined
}

export class FakeOrderbook {
  private readonly clock: Clock
  private readonly validator: OrderCreationValidator
  private readonly routes: OrderbookRoots
  private readonly chainView: OrderbookChain
  private behaviour: OrderbookBehaviour
  private rules: RuleBook
  private readonly tape: OrderbookTape | undefined
  private readonly headOf: (chainId: number) => number | undefined
  private readonly chains = new Map<string, ChainState>()
  private readonly log: OrderbookExchange[] = []
  private readonly failureLog: OrderbookFailure[] = []
  private readonly waiting = new Map<number, string>()
  private nextSeq = 0
  private nextWaiting = 0

  /** Loads the signature code first, so no request waits on I/O (the schema compiles synchronously on first use). */
  static async create(
    options: Omit<FakeOrderbookOptions, 'validator'> & { validator?: OrderCreationValidator | undefined },
  ): Promise<FakeOrderbook> {
    await prepareSignatureRecovery()
    return new FakeOrderbook({ ...options, validator: options.validator ?? sharedOrderCreationValidator() })
  }

  constructor(options: FakeOrderbookOptions) {
    this.clock = options.clock
    this.validator = options.validator
    this.routes = new OrderbookRoots(options.roots)
    this.chainView = options.chain ?? NO_CHAIN
    this.behaviour = options.behaviour ?? DEFAULT_BEHAVIOUR
    this.rules = new RuleBook(this.behaviour.rules)
    this.tape = options.tape
    this.headOf = options.head ?? (() => undefined)
  }

  /** The `orderbook:` step: new rules and default from here on; stored orders and app data stay. */
  replaceBehaviour(behaviour: OrderbookBehaviour): void {
    this.behaviour = behaviour
    this.rules = new RuleBook(behaviour.rules)
  }

  get exchanges(): readonly OrderbookExchange[] {
    return this.log
  }

  /** Requests the world could not answer; fixture mode fails the run on any. */
  get failures(): readonly OrderbookFailure[] {
    return this.failureLog
  }

  /** Labels of requests that will never be answered and are still awaited (`engine stuck` reports). */
  pendingRequests(): string[] {
    return [...this.waiting.values()]
  }

  /** The roots this book serves, for transports that register per-root handlers. */
  roots(): { root: string; chainId: number; env: OrderbookEnv }[] {
    return this.routes.list()
  }

  orderPosts(): OrderPostCounts {
    const posts = this.log.filter((e) => e.method === 'POST' && e.path === '/api/v1/orders')
    return {
      posts: posts.length,
      accepted: posts.filter((e) => e.status === 201).length,
      rejected: posts.filter((e) => e.status !== null && e.status !== 201).length,
    }
  }

  /** Accepted orders of one environment (default production), in acceptance order per chain. */
  storedOrders(env: OrderbookEnv = 'prod'): StoredOrder[] {
    return [...this.chains]
      .filter(([key]) => key.startsWith(`${env}:`))
      .flatMap(([, chain]) => [...chain.orders.values()])
  }

  /** Records a request under no orderbook root (the MSW transport calls this for unhandled requests). */
  recordUnroutable(method: string, url: string): OrderbookFailure {
    const failure: OrderbookFailure = {
      method,
      url,
      message: `no orderbook root serves ${method} ${url}; the request was refused (fixture mode sends nothing to the network)`,
    }
    this.failureLog.push(failure)
    return failure
  }

  async handle(request: OrderbookRequest): Promise<OrderbookAnswer> {
    const method = request.method.toUpperCase()
    const routed = this.routes.route(request.url)
    if (routed === undefined) throw new OrderbookUnreachableError(this.recordUnroutable(method, request.url))
    const seq = this.nextSeq++
    if (this.tape) return this.fromTape(seq, method, routed, request)
    const match = this.rules.take(method, routed.path)
    const respond = match?.rule.respond
    const base = { ...this.exchangeBase(seq, method, routed, request), rule: match?.index }

    if (respond?.delay === 'never') {
      this.log.push({ ...base, status: null, uid: this.uidAbout(method, routed, request) })
      return this.never(`orderbook ${method} ${request.url} (rule ${match?.index}: delay never)`, request.signal)
    }
    if (typeof respond?.delay === 'number' && respond.delay > 0) {
      try {
        await this.clock.sleep(respond.delay, {
          label: `orderbook ${method} ${request.url} (rule ${match?.index}: delay ${respond.delay}ms)`,
          signal: request.signal,
        })
      } catch (error) {
        this.log.push({ ...base, status: null, uid: this.uidAbout(method, routed, request) })
        throw error
      }
    }

    let served: Served
    if (respond !== undefined && answersItself(respond)) {
      served = { answer: ruleAnswer(respond), uid: this.uidAbout(method, routed, request) }
    } else {
      served = await this.serve(method, routed, request)
    }
    let answer = served.answer
    if (respond?.headers !== undefined) answer = withHeaders(answer, respond.headers)
    this.log.push({
      ...base,
      status: answer.status,
      errorType: envelopeErrorType(answer),
      uid: served.uid,
      answerBody: answer.body,
    })
    return answer
  }

  /** What every exchange records about its request, answered or not. */
  private exchangeBase(seq: number, method: string, routed: RoutedUrl, request: OrderbookRequest) {
    return {
      seq,
      chainId: routed.chainId,
      env: routed.env,
      method,
      path: routed.path,
      query: routed.query,
      // MSW hands an absent body over as '', the in-process path as undefined: one record for both.
      requestBody: request.body === '' ? undefined : request.body,
      afterBlock: this.headOf(routed.chainId),
    }
  }

  /** The cassette answers; a request it lacks fails the run, named by its canonical key. */
  private fromTape(seq: number, method: string, routed: RoutedUrl, request: OrderbookRequest): OrderbookAnswer {
    const base = { ...this.exchangeBase(seq, method, routed, request), uid: this.uidAbout(method, routed, request) }
    const taped = this.tape!.answer(routed.chainId, method, routed.path, request.body)
    if (taped.kind === 'answer') {
      this.log.push({
        ...base,
        status: taped.answer.status,
        errorType: envelopeErrorType(taped.answer),
        answerBody: taped.answer.body,
      })
      return taped.answer
    }
    this.log.push({ ...base, status: null })
    if (taped.kind === 'missing') this.failureLog.push({ method, url: routed.path, message: taped.message })
    throw new TypeError(`fetch failed (${taped.message})`)
  }

  private async serve(method: string, routed: RoutedUrl, request: OrderbookRequest): Promise<Served> {
    const { path } = routed
    if (method === 'POST' && path === '/api/v1/orders') return this.placeOrder(routed, request)
    const orderPath = /^\/api\/v1\/orders\/([^/]+)(\/status)?$/.exec(path)
    if (method === 'GET' && orderPath?.[1] !== undefined) {
      const uid = orderUidParam(decodeURIComponent(orderPath[1]))
      if (!uid.ok) return { answer: uid.answer }
      return orderPath[2] === undefined ? this.getOrder(routed, uid.value) : this.getOrderStatus(routed, uid.value)
    }
    const owner = /^\/api\/v1\/account\/([^/]+)\/orders$/.exec(path)?.[1]
    if (method === 'GET' && owner !== undefined)
      return { answer: this.getAccountOrders(routed, decodeURIComponent(owner)) }
    if (method === 'GET' && (path === '/api/v2/trades' || path === '/api/v1/trades')) {
      return { answer: this.getTrades(routed) }
    }
    const appDataHash = /^\/api\/v1\/app_data\/([^/]+)$/.exec(path)?.[1]
    if (method === 'GET' && appDataHash !== undefined) return { answer: this.getAppData(routed, appDataHash) }
    if (method === 'PUT' && (appDataHash !== undefined || path === '/api/v1/app_data')) {
      return { answer: this.putAppData(routed, appDataHash, request) }
    }
    if (method === 'GET' && path === '/api/v1/version') return { answer: textAnswer(200, FAKE_ORDERBOOK_VERSION) }
    this.failureLog.push({
      method,
      url: request.url,
      message: `the fake orderbook does not serve ${method} ${path} (chain ${routed.chainId}); script it with an orderbook rule`,
    })
    return { answer: emptyAnswer(404) }
  }

  /**
   * The server's balance and allowance check (docs/orderbook.md, failure mode 1): the owner must
   * hold the sell amount (plus fee) of the sell token and have allowed the vault relayer as much.
   * Only where the world can read the token (a declared ERC-20, or code on an Anvil node).
   */
  private async fundingIssue(
    chainId: number,
    owner: Hex,
    order: { sellToken: Hex; sellAmount: bigint; feeAmount: bigint },
  ): Promise<'InsufficientBalance' | 'InsufficientAllowance' | undefined> {
    const funding = await this.chainView.funding?.(chainId, owner, order.sellToken)
    if (funding === undefined) return undefined
    const needed = order.sellAmount + order.feeAmount
    if (funding.balance < needed) return 'InsufficientBalance'
    if (funding.allowance < needed) return 'InsufficientAllowance'
    return undefined
  }

  private async placeOrder(routed: RoutedUrl, request: OrderbookRequest): Promise<Served> {
    const { chainId } = routed
    const parsed = readJsonBody(request)
    if (!parsed.ok) return { answer: parsed.answer }
    const issue = this.validator.validate(parsed.value)[0]
    if (issue !== undefined) return { answer: undeserialisable(issue.message) }
    let body: ReturnType<typeof decodeOrderCreation>
    try {
      body = decodeOrderCreation(parsed.value as Record<string, unknown>)
    } catch (error) {
      if (error instanceof OrderCreationDecodeError) return { answer: undeserialisable(error.message) }
      throw error
    }
    if (this.behaviour.default === 'reject') {
      return { answer: catalogueAnswer('TransferSimulationFailed'), uid: this.uidAbout('POST', routed, request) }
    }

    const chain = this.chain(routed)
    const validation = await validateOrder(body, {
      chainId,
      nowSeconds: Math.floor(this.clock.now() / 1000),
      appData: chain.appData,
      chain: this.chainView,
    })
    if (!validation.ok) return { answer: validation.answer, uid: this.uidAbout('POST', routed, request) }
    const { uid } = validation
    const unfunded = await this.fundingIssue(chainId, validation.owner, validation.order)
    if (unfunded !== undefined) return { answer: catalogueAnswer(unfunded), uid }
    if (chain.orders.has(uid)) return { answer: catalogueAnswer('DuplicatedOrder'), uid }
    if (validation.fullAppData !== undefined) chain.appData.remember(validation.order.appData, validation.fullAppData)
    let status: StoredOrder['status'] = body.signingScheme === 'presign' ? 'presignaturePending' : 'open'
    if (status === 'presignaturePending' && this.chainView.preSignature !== undefined) {
      if (await this.chainView.preSignature(chainId, uid)) status = 'open'
    }
    // The server refuses a duplicate at its insert (a unique key): a POST of the same order that
    // raced this one through the chain reads above may have been stored meanwhile (found by the
    // scheduler property in harness/fuzz/fault-attribution.test.ts).
    if (chain.orders.has(uid)) return { answer: catalogueAnswer('DuplicatedOrder'), uid }
    chain.orders.set(uid, {
      uid,
      chainId,
      owner: validation.owner,
      order: validation.order,
      signingScheme: body.signingScheme,
      signature: body.signature,
      fullAppData: validation.fullAppData ?? chain.appData.get(validation.order.appData),
      creationDate: new Date(this.clock.now()).toISOString(),
      status,
    })
    return { answer: jsonAnswer(201, uid), uid }
  }

  private getOrder(routed: RoutedUrl, uid: Hex): Served {
    const stored = this.chain(routed).orders.get(uid)
    if (stored === undefined) return { answer: errorAnswer(404, 'NotFound', 'Order was not found'), uid }
    return { answer: jsonAnswer(200, orderJson(stored)), uid }
  }

  /**
   * GET /api/v1/orders/{uid}/status: no auction ever runs here, so a stored order stays at its
   * creation event, which the server reports as `scheduled`.
   */
  private getOrderStatus(routed: RoutedUrl, uid: Hex): Served {
    if (!this.chain(routed).orders.has(uid)) {
      return { answer: errorAnswer(404, 'NotFound', 'order status not found'), uid }
    }
    return { answer: jsonAnswer(200, { type: 'scheduled' }), uid }
  }

  /** GET /api/v1/account/{owner}/orders?offset&limit: newest first, limit 1..=1000 (default 10). */
  private getAccountOrders(routed: RoutedUrl, ownerText: string): OrderbookAnswer {
    const owner = addressParam(ownerText)
    if (!owner.ok) return owner.answer
    const query = pageQuery(routed.query, ['offset', 'limit'])
    if (!query.ok) return query.answer
    const { offset = 0, limit = 10 } = query.value
    if (limit < 1 || limit > 1000) return errorAnswer(400, 'LIMIT_OUT_OF_BOUNDS', 'The pagination limit is [1,1000].')
    const orders = [...this.chain(routed).orders.values()].filter((o) => o.owner === owner.value).reverse()
    return jsonAnswer(200, orders.slice(offset, offset + limit).map(orderJson))
  }

  /**
   * GET /api/v2/trades (and the deprecated v1) `?owner|orderUid&offset&limit`: exactly one
   * filter. Nothing settles in the fake, so the list is always empty once the query is valid.
   */
  private getTrades(routed: RoutedUrl): OrderbookAnswer {
    const query = pageQuery(routed.query, ['orderUid', 'owner', 'offset', 'limit'])
    if (!query.ok) return query.answer
    const { orderUid: uid, owner, limit = 10 } = query.value
    if ((uid === undefined) === (owner === undefined)) {
      return errorAnswer(400, 'InvalidTradeFilter', 'Must specify exactly one of owner or orderUid.')
    }
    if (limit < 1 || limit > 1000) return errorAnswer(400, 'InvalidLimit', 'limit must be between 1 and 1000')
    return jsonAnswer(200, [])
  }

  private getAppData(routed: RoutedUrl, text: string): OrderbookAnswer {
    if (!/^0x[0-9a-fA-F]{64}$/.test(text)) return emptyAnswer(404)
    const full = this.chain(routed).appData.get(text as Hex)
    if (full === undefined) return textAnswer(404, 'full app data not found')
    return jsonAnswer(200, { fullAppData: full })
  }

  private putAppData(routed: RoutedUrl, text: string | undefined, request: OrderbookRequest): OrderbookAnswer {
    if (text !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(text)) {
      return textAnswer(400, `Invalid URL: Cannot parse \`${text}\` as an app data hash`)
    }
    // The app-data routes carry their own body limit (`app_data_size_limit`), not the 16 KiB one.
    const parsed = readJsonBody(request, APP_DATA_SIZE_LIMIT)
    if (!parsed.ok) return parsed.answer
    const value = parsed.value
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return undeserialisable('invalid type: expected struct AppDataDocument')
    }
    const full = (value as { fullAppData?: unknown }).fullAppData
    if (full === undefined) return undeserialisable('missing field `fullAppData`')
    if (typeof full !== 'string') return undeserialisable('fullAppData: invalid type: expected a string')
    const outcome = this.chain(routed).appData.register(full, text as Hex | undefined)
    switch (outcome.kind) {
      case 'new':
        return jsonAnswer(201, outcome.hash)
      case 'existing':
        return jsonAnswer(200, outcome.hash)
      case 'invalid':
        return errorAnswer(400, 'AppDataInvalid', outcome.reason)
      case 'hash-mismatch':
        return errorAnswer(
          400,
          'AppDataHashMismatch',
          `calculated app data hash ${outcome.computed} doesn't match expected hash ${outcome.expected}`,
        )
    }
  }

  /** Best-effort UID a request is about, for the trace: the posted order's (owner = `from`) or the path's. */
  private uidAbout(method: string, routed: RoutedUrl, request: OrderbookRequest): Hex | undefined {
    if (method === 'POST' && routed.path === '/api/v1/orders') {
      try {
        const body = decodeOrderCreation(JSON.parse(request.body ?? '') as Record<string, unknown>)
        if (body.from === undefined) return undefined
        return orderUid({ ...body, appData: body.appData.hash }, body.from, routed.chainId)
      } catch {
        return undefined
      }
    }
    const uid = /^\/api\/v1\/orders\/(0x[0-9a-fA-F]{112})$/.exec(routed.path)?.[1]
    return uid === undefined ? undefined : (uid.toLowerCase() as Hex)
  }

  private chain(routed: { env: OrderbookEnv; chainId: number }): ChainState {
    const key = `${routed.env}:${routed.chainId}`
    let state = this.chains.get(key)
    if (state === undefined) {
      state = { orders: new Map(), appData: new AppDataRegistry() }
      this.chains.set(key, state)
    }
    return state
  }

  /** A promise that never settles (registered for stuck reports) unless the caller aborts. */
  private never(label: string, signal: AbortSignal | undefined): Promise<never> {
    const id = this.nextWaiting++
    this.waiting.set(id, label)
    return new Promise<never>((_resolve, reject) => {
      if (signal === undefined) return
      const onAbort = () => {
        this.waiting.delete(id)
        reject(signal.reason)
      }
      if (signal.aborted) onAbort()
      else signal.addEventListener('abort', onAbort, { once: true })
    })
  }
}

/** A rule with a status, body or text answers by itself; one with only delay/headers falls through to the fake. */
function answersItself(respond: OrderbookRule['respond']): boolean {
  return (
    respond.status !== undefined ||
    respond.body !== undefined ||
    respond.text !== undefined ||
    respond.reject !== undefined
  )
}

function ruleAnswer(respond: OrderbookRule['respond']): OrderbookAnswer {
  if (respond.reject !== undefined) {
    return catalogueAnswer(respond.reject, { description: respond.description, status: respond.status })
  }
  const status = respond.status ?? 200
  if (respond.text !== undefined) return textAnswer(status, respond.text)
  if (respond.body !== undefined) return jsonAnswer(status, respond.body)
  return emptyAnswer(status)
}

function withHeaders(answer: OrderbookAnswer, headers: Record<string, string>): OrderbookAnswer {
  const merged = { ...answer.headers }
  for (const [name, value] of Object.entries(headers)) merged[name.toLowerCase()] = value
  return { ...answer, headers: merged }
}

/** A body that is JSON but not the expected type: axum's plain-text 422 (decision 0077). */
function undeserialisable(problem: string): OrderbookAnswer {
  return textAnswer(422, `${JSON_DATA_PREFIX}${problem}`)
}
