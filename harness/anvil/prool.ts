// prool, with what it needs on Node 20 loaded first. Import prool only from here.
import './promise-with-resolvers.js'

export { Instance, Pool } from 'prool'
