import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/model/evaluate.ts';
import { referenceResult } from '../../src/model/report.ts';
import { diffJson, loadEvaluateCases, systemOf } from '../helpers/golden.ts';

const cases = loadEvaluateCases();

describe('evaluate matches the reference on every golden case (1e-9 relative, every field)', () => {
  it('has the full golden set', () => {
    expect(cases.length).toBe(400);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const result = evaluate(
      {
        model: c.model,
        system: systemOf(c.system),
        strategy: c.strategy,
        globalBatchSize: c.globalBatchSize,
        options: { flashAttention: c.flashAttention },
      },
      c.config,
    );
    const diffs = diffJson(JSON.parse(JSON.stringify(referenceResult(result))), c.expected);
    expect(diffs.slice(0, 10)).toEqual([]);
  });
});
