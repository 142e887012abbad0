// Types of build.mjs (plain JavaScript: `prepare` runs it with node alone).
export declare const EXTERNAL: readonly string[]
export declare function buildDist(root?: string): Promise<{ entries: number; outputs: number; dist: string }>
