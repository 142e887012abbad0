// The module ABI: the only part of engine/ that modules/ (through their SDK) may see.
export * from './config-schema.js'
export * from './events.js'
export * from './host.js'
export * from './host-error.js'
export * from './module.js'
export * from './orderbook-error-body.js'
export * from './orderbook-policy.js'
