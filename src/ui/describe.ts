/** Configurations and systems in words, for summaries, tables and captions. */
import { extraDegreesText } from '../charts/format.ts';
import type { ParallelConfig, Strategy } from '../model/spec.ts';

/** "dp 2 × tp 8 × pp 64" (1D) or "dp 1 × tp 4×4 × pp 32" (2D). */
export function layoutText(c: ParallelConfig, strategy: Strategy): string {
  const tp = strategy === '1d' ? `tp ${c.tp1}` : `tp ${c.tp1}×${c.tp2}`;
  return `dp ${c.dp} × ${tp} × pp ${c.pp}`;
}

/** How the NVLink domain is shared between the groups: "4 tp · 1 dp · 1 pp". */
export function placementText(c: ParallelConfig, strategy: Strategy): string {
  const tp = strategy === '1d' ? `${c.nvTp1} tp` : `${c.nvTp1}×${c.nvTp2} tp`;
  return `${tp} · ${c.nvDp} dp · ${c.nvPp} pp`;
}

/** The degrees and micro-batch without the NVLink placement: "dp 2 × tp 8 × pp 64, micro-batch 1". */
export function degreesText(c: ParallelConfig, strategy: Strategy): string {
  const nb = c.nb !== null ? `, ${c.nb} SUMMA panels` : '';
  return `${layoutText(c, strategy)}, micro-batch ${c.mbs}${nb}${extraDegreesText(c)}`;
}

export function configText(c: ParallelConfig, strategy: Strategy): string {
  return `${degreesText(c, strategy)}; NVLink domain: ${placementText(c, strategy)}`;
}
