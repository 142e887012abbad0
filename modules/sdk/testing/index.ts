// The SDK's testing entry: what a module's tests use and its production code never does (the
// architecture test refuses an import of it from module code). MockHost and its parts answer
// from what a test programmed; the encoders build what the chain would send.
export * from './mock-host.js'
export * from './chain-encoders.js'
