/**
 * Nelder–Mead minimisation (Nelder & Mead 1965; the standard coefficients 1, 2, 0.5, 0.5 and the
 * adaptive-free variant of Lagarias et al. 1998). Derivative-free: the calibration's objective is a
 * piecewise-smooth step time (max of rooflines, max over stages), where gradients are unreliable.
 * Deterministic: the same start gives the same path.
 */

export interface NelderMeadOptions {
  /** Initial simplex edge per coordinate (the start plus `step` along each axis). */
  readonly step: number;
  readonly maxEvaluations: number;
  /** Stop when the simplex's values differ by less than this. */
  readonly tolerance: number;
}

export interface Minimum {
  readonly x: readonly number[];
  readonly value: number;
  readonly evaluations: number;
}

/** Minimises `f` from `start`. */
export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions,
): Minimum {
  const n = start.length;
  let evaluations = 0;
  const value = (x: readonly number[]) => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const simplex: { x: number[]; v: number }[] = [{ x: [...start], v: value(start) }];
  for (let i = 0; i < n; i++) {
    const x = [...start];
    x[i] = (x[i] as number) + options.step;
    simplex.push({ x, v: value(x) });
  }
  const along = (a: readonly number[], b: readonly number[], t: number) =>
    a.map((ai, i) => ai + t * ((b[i] as number) - ai));
  while (evaluations < options.maxEvaluations) {
    simplex.sort((p, q) => p.v - q.v);
    const best = simplex[0] as { x: number[]; v: number };
    const worst = simplex[n] as { x: number[]; v: number };
    if (Math.abs(worst.v - best.v) < options.tolerance) break;
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++)
      for (let i = 0; i < n; i++) centroid[i] = (centroid[i] as number) + (simplex[k]!.x[i] as number) / n;
    const reflected = along(centroid, worst.x, -1);
    const vr = value(reflected);
    const second = (simplex[n - 1] as { v: number }).v;
    if (vr < best.v) {
      const expanded = along(centroid, worst.x, -2);
      const ve = value(expanded);
      simplex[n] = ve < vr ? { x: expanded, v: ve } : { x: reflected, v: vr };
    } else if (vr < second) {
      simplex[n] = { x: reflected, v: vr };
    } else {
      // Contract towards the better of the worst point and its reflection.
      const outside = vr < worst.v;
      const contracted = along(centroid, outside ? reflected : worst.x, 0.5);
      const vc = value(contracted);
      if (vc < (outside ? vr : worst.v)) simplex[n] = { x: contracted, v: vc };
      else
        for (let k = 1; k <= n; k++) {
          const x = along(best.x, simplex[k]!.x, 0.5);
          simplex[k] = { x, v: value(x) };
        }
    }
  }
  simplex.sort((p, q) => p.v - q.v);
  const best = simplex[0] as { x: number[]; v: number };
  return { x: best.x, value: best.v, evaluations };
}
