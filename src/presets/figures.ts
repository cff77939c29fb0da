/**
 * The paper's main figures (arXiv 2410.00273 §5) as explorer views: each is a link (the same query a
 * shared URL carries) and a caption saying what it shows. Data only.
 */
import { PAPER_NVLINK_SIZES } from './systems.ts';

export interface PaperFigure {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  /** The view's URL query, without the leading `?` and without `fig`. */
  readonly query: string;
}

const MODELS = [
  { id: 'gpt3-1t', name: 'GPT3-1T' },
  { id: 'vit-era5', name: 'ViT-ERA5' },
] as const;
const STRATEGIES = [
  { id: '1d', name: '1D tensor parallel' },
  { id: '2d', name: '2D SUMMA' },
  { id: '2d-seqp', name: '2D tensor × context parallel' },
] as const;
const GENERATIONS = ['A100', 'H200', 'B200'] as const;

function figures(): PaperFigure[] {
  const out: PaperFigure[] = [];
  for (const m of MODELS)
    for (const s of STRATEGIES) {
      for (const g of GENERATIONS)
        out.push({
          id: `scaling-${m.id}-${s.id}-${g.toLowerCase()}`,
          title: `${m.name}, ${s.name}: strong scaling on ${g} with NVLink domains of 4, 8 and 64`,
          caption: `Best training throughput of ${m.name} (global batch 4096) against GPU count on ${g}, for NVLink domains of 4, 8 and 64 GPUs, with ${s.name}: how much a larger fast domain buys at each scale.`,
          query: `model=${m.id}&s=${s.id}&sys=${g},${g}_nvs8,${g}_nvs64&tab=compare`.replace(
            `sys=${g},`,
            `sys=${g}_nvs4,`,
          ),
        });
      out.push({
        id: `generations-${m.id}-${s.id}`,
        title: `${m.name}, ${s.name}: A100, H200 and B200 with NVLink domains of 8`,
        caption: `Best throughput of ${m.name} against GPU count across GPU generations (NVLink domain 8), the speed-up of each over A100, and where each step's time goes at the selected GPU count.`,
        query: `model=${m.id}&s=${s.id}&sys=A100_nvs8,H200_nvs8,B200_nvs8&tab=compare`,
      });
      out.push({
        id: `breakdown-${m.id}-${s.id}`,
        title: `${m.name}, ${s.name}: time and memory breakdown on B200 (NVLink 8)`,
        caption: `Where the step time goes (compute, exposed memory, tensor/data/pipeline communication, pipeline bubble) and what fills HBM for the fastest configuration at each GPU count of ${m.name} on B200.`,
        query: `model=${m.id}&s=${s.id}&sys=B200_nvs8`,
      });
    }
  for (const m of MODELS) {
    const s = m.id === 'gpt3-1t' ? '1d' : '2d-seqp';
    out.push({
      id: `sweep-cap-bw-${m.id}`,
      title: `${m.name}: HBM capacity × bandwidth sweep (B200, NVLink 8)`,
      caption: `Best throughput of ${m.name} at 2048 GPUs relative to B200 as HBM capacity (80 to 1000 GB) and bandwidth (500 to 16,000 GB/s) vary: what memory buys, on the reference's grid.`,
      query: `model=${m.id}&s=${s}&sys=B200_nvs8&tab=design&design=sweep&sweep=cap-bw&grid=paper&n=2048`,
    });
    out.push({
      id: `sweep-flops-cap-${m.id}`,
      title: `${m.name}: matrix FLOP/s × HBM capacity along the GPU generations`,
      caption: `Best throughput of ${m.name} at 2048 GPUs relative to B200 as matrix (and vector) FLOP/s and HBM capacity (and bandwidth) move from A100 through H200 and B200 to the next generation.`,
      query: `model=${m.id}&s=${s}&sys=B200_nvs8&tab=design&design=sweep&sweep=flops-cap&grid=paper&n=2048`,
    });
  }
  return out;
}

export const PAPER_FIGURES: readonly PaperFigure[] = figures();

export const figureById = (id: string): PaperFigure | undefined => PAPER_FIGURES.find((f) => f.id === id);

/** One sweep of the paper's whole figure set. */
export interface FigureSetRow {
  readonly label: string;
  readonly model: 'gpt3-1t' | 'vit-era5';
  readonly strategy: '1d' | '2d' | '2d-seqp';
  readonly system: 'A100' | 'H200' | 'B200';
  readonly nvlinkSize: number;
}

/**
 * Every sweep behind the paper's scaling figures: GPT3-1T and ViT-ERA5 × three strategies × A100, H200,
 * B200 × NVLink 4, 8, 64 (54 sweeps of 4 to 16,384 GPUs; the reference's run_configs.py for each).
 */
export const FIGURE_SET: readonly FigureSetRow[] = MODELS.flatMap((m) =>
  STRATEGIES.flatMap((s) =>
    GENERATIONS.flatMap((g) =>
      PAPER_NVLINK_SIZES.map((nvs) => ({
        label: `${m.name} · ${s.id.toUpperCase()} · ${g} NVS${nvs}`,
        model: m.id,
        strategy: s.id,
        system: g,
        nvlinkSize: nvs,
      })),
    ),
  ),
);
