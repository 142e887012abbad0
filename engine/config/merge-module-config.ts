// The `init` config of a module: the manifest's `[config]` with the engine entry's merged over
// it. An override keeps the manifest key's position, new keys follow in the entry's order, and an
// empty result becomes `[["name", <module name>]]` (the Rust engine's rule for an empty `[config]`).

export function mergeModuleConfig(
  manifestConfig: readonly (readonly [string, string])[],
  overrides: Readonly<Record<string, string>> | undefined,
  moduleName: string,
): [string, string][] {
  const merged: [string, string][] = manifestConfig.map(([k, v]) => [k, v])
  for (const [key, value] of Object.entries(overrides ?? {})) {
    const existing = merged.find(([k]) => k === key)
    if (existing) existing[1] = value
    else merged.push([key, value])
  }
  return merged.length === 0 ? [['name', moduleName]] : merged
}
