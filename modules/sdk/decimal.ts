// Decimal text → a scaled integer, as the Rust engine's price parsing (docs/design.md §8.3): optional
// leading `-`, digits with at most one `.`, the fraction padded or truncated (not rounded) to
// `decimals` digits, the result an I256.

/** The I256 power-of-ten budget: 10^38 still leaves room for the digits in front. */
export const MAX_DECIMALS = 38

const I256_MAX = 2n ** 255n - 1n
const I256_MIN = -(2n ** 255n)
const DIGITS = /^[0-9]*$/

/** `message` is the Rust engine's detail text (modules prefix it with the config key). */
export class DecimalError extends Error {
  override readonly name = 'DecimalError'
}

export function scaleDecimal(text: string, decimals: number): bigint {
  if (!Number.isInteger(decimals) || decimals < 0)
    throw new DecimalError(`decimals=${decimals} is not a non-negative integer`)
  if (decimals > MAX_DECIMALS) throw new DecimalError(`decimals=${decimals} exceeds the I256 power-of-ten budget`)
  const negative = text.startsWith('-')
  const unsigned = negative ? text.slice(1) : text
  const dot = unsigned.indexOf('.')
  const whole = dot === -1 ? unsigned : unsigned.slice(0, dot)
  const fraction = dot === -1 ? '' : unsigned.slice(dot + 1)
  // A second `.` lands in `fraction` and fails the digit check, like any other stray character.
  if (!DIGITS.test(whole) || !DIGITS.test(fraction))
    throw new DecimalError(`non-digit character in ${JSON.stringify(text)}`)
  if (whole === '' && fraction === '') throw new DecimalError('empty')
  const scaledText = (whole === '' ? '0' : whole) + fraction.slice(0, decimals).padEnd(decimals, '0')
  const magnitude = BigInt(scaledText)
  const value = negative ? -magnitude : magnitude
  if (value > I256_MAX || value < I256_MIN)
    throw new DecimalError(`${JSON.stringify(text)} overflows I256 at ${decimals} decimals`)
  return value
}
