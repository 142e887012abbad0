// Types of build-stamp.mjs (plain JavaScript: the bin imports it before any TypeScript loader).
export declare const SOURCE_DIRS: readonly string[]
export declare const SOURCE_FILES: readonly string[]
export declare const STAMP_FILE: string
export declare function sourceStamp(root: string): string
export declare function recordedStamp(distDir: string): string | undefined
export declare function isBuildCurrent(root: string, distDir: string): boolean
