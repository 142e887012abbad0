// Types of build.mjs (plain JavaScript: `prepare` runs it with node alone).
export declare const EXTERNAL: readonly string[]
/** esbuild's options for the whole bundle into `outdir` (entries, splitting, externals, metafile). */
export declare function bundleOptions(
  root: string,
  outdir: string,
): import('esbuild').BuildOptions & { entryPoints: { in: string; out: string }[]; metafile: true }
export declare function buildDist(root?: string): Promise<{ entries: number; outputs: number; dist: string }>
