/**
 * The mean block length of the stationary bootstrap, from the data: a simplified Politis & White (2004)
 * rule. m̂ = the smallest lag m such that the next K_N autocorrelations of the daily P&L, ρ(m+1) … ρ(m+K_N),
 * are all insignificant, |ρ| < 2·√(log10(n) / n), with K_N = max(5, ⌈√log10(n)⌉); the block length is
 * 2·m̂, at least 1 (uncorrelated days: the plain i.i.d. bootstrap), at most ⌈√n⌉ (so a short series
 * still gets mixed). Politis & White go on to a spectral estimate of the optimal length; this stops at
 * their bandwidth choice, which is the part that reads the dependence off the data.
 */
export function chooseBlockLength(series: readonly number[]): number {
  const n = series.length;
  if (n < 8) return 1;
  const mean = series.reduce((s, x) => s + x, 0) / n;
  const dev = series.map((x) => x - mean);
  const var0 = dev.reduce((s, x) => s + x * x, 0);
  if (var0 === 0) return 1;
  const rho = (k: number): number => {
    let s = 0;
    for (let t = k; t < n; t++) s += dev[t]! * dev[t - k]!;
    return s / var0;
  };
  const threshold = 2 * Math.sqrt(Math.log10(n) / n);
  const kn = Math.max(5, Math.ceil(Math.sqrt(Math.log10(n))));
  const maxLag = n - 1;
  let m = 0;
  for (; m + kn <= maxLag; m++) {
    let quiet = true;
    for (let k = m + 1; k <= m + kn; k++) {
      if (Math.abs(rho(k)) >= threshold) {
        quiet = false;
        break;
      }
    }
    if (quiet) break;
  }
  return Math.max(1, Math.min(2 * m, Math.ceil(Math.sqrt(n))));
}
