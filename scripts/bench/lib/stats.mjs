// Summary statistics for repeated measurements: every figure the bench reports is a median with
// its spread (p10–p90 and min–max) over n runs, never a single run.

/** Linear-interpolated percentile of an ascending array (p in 0..100). */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const at = ((sorted.length - 1) * p) / 100;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

const round = (x, digits) => (x === null ? null : Number(x.toFixed(digits)));

/**
 * @param {number[]} samples
 * @param {{ unit?: string, digits?: number }} [options]
 * @returns {{ n: number, unit: string, median: number|null, p10: number|null, p90: number|null, min: number|null, max: number|null, samples: (number|null)[] }}
 */
export function summarize(samples, { unit = 'ms', digits = 2 } = {}) {
  const sorted = samples.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return {
    n: sorted.length,
    unit,
    median: round(percentile(sorted, 50), digits),
    p10: round(percentile(sorted, 10), digits),
    p90: round(percentile(sorted, 90), digits),
    min: round(sorted[0] ?? null, digits),
    max: round(sorted.at(-1) ?? null, digits),
    samples: samples.map((x) => round(x, digits)),
  };
}

/** Least-squares slope of y over x (e.g. RSS over read count). */
export function slope(xs, ys) {
  const n = xs.length;
  if (n < 2) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? null : num / den;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
