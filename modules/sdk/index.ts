// The module SDK: the only import a module has (`../sdk/index.js`). It re-exports the module ABI
// (engine/module-api) and the helpers the Rust engine's shepherd-sdk offered, in TypeScript.
// Production only: test doubles and encoders are in `../sdk/testing/index.js`.
export * from '../../engine/module-api/index.js'

export * from './hex.js'
export * from './bytes.js'
export * from './block-time.js'
export * from './config-values.js'
export * from './config-schema.js'
export * from './settings-module.js'
export * from './decimal.js'
export * from './chain/eth-call.js'
export * from './chain/chainlink.js'
export * from './chain/oracle-answer-problem.js'
export * from './cow/chains.js'
export * from './cow/classify-orderbook-error.js'
export * from './cow/order.js'
export * from './cow/order-uid.js'
export * from './cow/gpv2-order-abi.js'
export * from './cow/composable.js'
export * from './cow/ethflow.js'
export * from './decision-store.js'
export * from './post-order.js'
