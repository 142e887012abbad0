// The module SDK: the only import a module has (`../sdk/index.js`). It re-exports the module ABI
// (engine/module-api) and the helpers the seed's shepherd-sdk offered, in TypeScript.
export * from '../../engine/module-api/index.js'

export * from './hex.js'
export * from './decimal.js'
export * from './chain/eth-call.js'
export * from './chain/chainlink.js'
export * from './cow/api-error-envelope.js'
export * from './cow/classify-orderbook-error.js'
export * from './cow/order.js'
export * from './cow/order-uid.js'
export * from './cow/gpv2-order-abi.js'
export * from './cow/composable.js'
export * from './cow/ethflow.js'
export * from './decision-store.js'
export * from './mock-host.js'
