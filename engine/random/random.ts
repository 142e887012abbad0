// Randomness, injected: the live engine gets the OS source, a simulation a seeded one.
export interface RandomSource {
  fill(length: number): Uint8Array
}
