// What a module declares about its `[config]`: every key it reads, whether it must be present and
// what a valid value looks like. The engine checks the merged config against it before `init`
// and refuses to boot on an unknown key, a missing required key or a bad value.

/** One `[config]` key. */
export interface ConfigKeySpec {
  /** false: the module has a default for it. */
  readonly required: boolean
  /** What a valid value is, for the error message: `an address (0x and 40 hex digits)`. */
  readonly expected: string
  /** Returns why the value is bad, or undefined when it is fine. Must not throw. */
  check(value: string): string | undefined
}

/** Key name → spec. A key not listed here is unknown to the module. */
export type ModuleConfigSchema = Readonly<Record<string, ConfigKeySpec>>
