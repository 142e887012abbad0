// Where the anvil executable is. The npm wrapper `node_modules/.bin/anvil` is a Node script that
// spawns the real binary (+50 ms, and a SIGKILL on the wrapper orphans anvil), so resolve the
// platform package's own binary instead: the wrapper adds ~50 ms per start and a SIGKILL orphans anvil.
import { BaseError } from '../../engine/errors/base-error.js'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

/** `${process.platform}-${process.arch}` → the @foundry-rs platform package shipping bin/anvil. */
export const ANVIL_PLATFORM_PACKAGES: Readonly<Record<string, string>> = {
  'linux-x64': '@foundry-rs/anvil-linux-amd64',
  'linux-arm64': '@foundry-rs/anvil-linux-arm64',
  'darwin-x64': '@foundry-rs/anvil-darwin-amd64',
  'darwin-arm64': '@foundry-rs/anvil-darwin-arm64',
  'win32-x64': '@foundry-rs/anvil-win32-amd64',
}

export class AnvilBinaryError extends BaseError {
  override readonly name = 'AnvilBinaryError'
}

export interface AnvilBinaryOptions {
  env?: Record<string, string | undefined>
  platform?: string
  arch?: string
  /** Resolves a package's package.json path; the default is Node's resolution from here. */
  resolvePackageJson?: (pkg: string) => string
}

export function anvilBinary(options: AnvilBinaryOptions = {}): string {
  const env = options.env ?? process.env
  const override = env.ANVIL_BIN
  if (override) {
    if (!existsSync(override)) throw new AnvilBinaryError(`ANVIL_BIN points at ${override}, which does not exist`)
    return override
  }
  const platform = options.platform ?? process.platform
  const arch = options.arch ?? process.arch
  const pkg = ANVIL_PLATFORM_PACKAGES[`${platform}-${arch}`]
  if (!pkg) throw new AnvilBinaryError(`no @foundry-rs/anvil package for ${platform}-${arch}; set ANVIL_BIN`)
  const resolve = options.resolvePackageJson ?? ((name: string) => require.resolve(`${name}/package.json`))
  let packageJson: string
  try {
    packageJson = resolve(pkg)
  } catch {
    throw new AnvilBinaryError(`${pkg} is not installed (was npm run with --omit=optional?); set ANVIL_BIN`)
  }
  const bin = join(dirname(packageJson), 'bin', platform === 'win32' ? 'anvil.exe' : 'anvil')
  if (!existsSync(bin)) throw new AnvilBinaryError(`anvil binary missing at ${bin}`)
  return bin
}
