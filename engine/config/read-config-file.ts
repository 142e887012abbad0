// Reading a configuration file; a missing or unreadable file is the operator's error.
import { readFileSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { ConfigError, MissingConfigFileError } from './config-error.js'

/** `what` names the file for the message, e.g. `an engine.toml file`. */
export async function readConfigFile(path: string, what: string): Promise<string> {
  try {
    // A regular file is read at once: a boot reads a few small files, and each trip through the
    // thread pool cost more than the read (decision 0173). Anything else (a FIFO, a device) is read
    // the asynchronous way, so a signal can still end a wait on it.
    return statSync(path).isFile() ? readFileSync(path, 'utf8') : await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') {
      throw new MissingConfigFileError({ file: path, keyPath: '', expected: what, found: 'nothing', cause: error })
    }
    const found = code === 'EISDIR' ? 'a directory' : `an unreadable file (${code ?? String(error)})`
    throw new ConfigError({ file: path, keyPath: '', expected: what, found, cause: error })
  }
}
