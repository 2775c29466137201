/** Small builders for width-exact Verilog expressions (every operand sized explicitly, so lint sees no width games). */

/** An unsigned W-bit literal holding the two's complement of `v` modulo 2^W. */
export function literal(v: bigint, w: number): string {
  const m = 1n << BigInt(w);
  return `${w}'h${(((v % m) + m) % m).toString(16)}`;
}

/** `n` bits of signal `name` (width w, two's complement) starting at bit `lo`, sign-extending past the top. */
export function bitsOf(name: string, w: number, lo: number, n: number): string {
  if (lo >= w) return n === 1 ? `${name}[${w - 1}]` : `{${n}{${name}[${w - 1}]}}`;
  const top = Math.min(w - 1, lo + n - 1);
  const sel = top === w - 1 && lo === 0 ? name : top === lo ? `${name}[${lo}]` : `${name}[${top}:${lo}]`;
  const ext = lo + n - 1 - top;
  if (ext === 0) return sel;
  return `{${ext === 1 ? `${name}[${w - 1}]` : `{${ext}{${name}[${w - 1}]}}`}, ${sel}}`;
}

/** Signal `name` (width w) multiplied by 2^k (k ≥ 0) as a W-bit two's complement vector (wraps when W is smaller). */
export function aligned(name: string, w: number, k: number, W: number): string {
  if (k >= W) return literal(0n, W);
  const body = bitsOf(name, w, 0, W - k);
  return k === 0 ? body : `{${body}, ${k}'d0}`;
}
