/**
 * Accelerator systems. First the paper's (arXiv 2410.00273, Table 2), with the figures of the reference
 * implementation's `systems/config-<name>.json` (commit 54278b0); B200-next is the paper's extrapolated
 * next generation. Their NVLink domain size is a parameter: each carries the reference file's default and
 * the UI lets it vary. Then today's products (lower-case ids), each figure with its source: dense (not
 * 2:4 sparse) matrix rates, one direction of the scale-up link (as the reference counts NVLink: A100's
 * 600 GB/s bidirectional is its 300), the scale-out NICs of the vendor's 8-GPU server or rack.
 */
import { presetCalibration } from './calibrated.ts';
import type { SystemSpec } from '../model/system.ts';

export type PaperSystemId = 'A100' | 'H200' | 'B200' | 'B200-next';
export type ProductSystemId = 'a100-80gb' | 'h100-sxm' | 'h200-sxm' | 'b200' | 'gb200-nvl72' | 'mi300x';
export type SystemPresetId = PaperSystemId | ProductSystemId;
export const PAPER_SYSTEM_IDS = [
  'A100',
  'H200',
  'B200',
  'B200-next',
] as const satisfies readonly PaperSystemId[];
export const PRODUCT_SYSTEM_IDS = [
  'a100-80gb',
  'h100-sxm',
  'h200-sxm',
  'b200',
  'gb200-nvl72',
  'mi300x',
] as const satisfies readonly ProductSystemId[];
export const SYSTEM_PRESET_IDS = [
  ...PAPER_SYSTEM_IDS,
  ...PRODUCT_SYSTEM_IDS,
] as const satisfies readonly SystemPresetId[];

/** A document a figure is taken from. */
export interface SourceDoc {
  readonly title: string;
  readonly url: string;
}

/**
 * Where one figure comes from: a document and how the figure is read from it, or, with no document, an
 * assumption (the paper's value where no vendor states one) and why.
 */
export interface FigureSource {
  readonly doc: SourceDoc | null;
  readonly note: string;
}

/** The figures a product preset sources one by one (the unit constants are the reference's, shared). */
// The efficiency parameters cite their calibration (presets/calibration.ts), not a datasheet.
export type SourcedKey = Exclude<
  keyof SystemSpec,
  'element_size' | 'mask_element_size' | 'flops_units' | 'efficiency'
>;

export interface SystemPreset {
  readonly id: SystemPresetId;
  readonly label: string;
  readonly source: string;
  readonly spec: SystemSpec;
  /** The fast domain's name: NVLink, or AMD's Infinity Fabric (the model treats both alike). */
  readonly scaleUp?: string;
  /** Product presets: every figure's source. The paper's cite their reference file as a whole. */
  readonly figures?: { readonly [K in SourcedKey]: FigureSource };
}

/** bf16 element and 1-byte dropout mask, in GB; FLOP counts in TFLOP (reference config files). */
const UNITS = { element_size: 2e-9, mask_element_size: 1e-9, flops_units: 1e-12 } as const;

const PAPER_PRESETS: Readonly<Record<PaperSystemId, SystemPreset>> = {
  A100: {
    id: 'A100',
    label: 'NVIDIA A100 80 GB',
    source: 'reference systems/config-A100.json',
    spec: {
      matrix_flops_fp16: 312,
      vector_flops_fp16: 78,
      hbm_bandwidth: 1555,
      hbm_capacity: 80,
      nvlink_bandwidth: 300,
      nvlink_eff: 0.7,
      nvlink_latency: 2.5e-6,
      ib_bandwidth: 25,
      ib_eff: 0.7,
      ib_latency: 5e-6,
      nvlink_size: 4,
      nic_factor: 1,
      ...UNITS,
    },
  },
  H200: {
    id: 'H200',
    label: 'NVIDIA H200 141 GB',
    source: 'reference systems/config-H200.json',
    spec: {
      matrix_flops_fp16: 989.4,
      vector_flops_fp16: 133.8,
      hbm_bandwidth: 4800,
      hbm_capacity: 141,
      nvlink_bandwidth: 450,
      nvlink_eff: 0.7,
      nvlink_latency: 2.5e-6,
      ib_bandwidth: 50,
      ib_eff: 0.7,
      ib_latency: 5e-6,
      nvlink_size: 64,
      nic_factor: 1,
      ...UNITS,
    },
  },
  B200: {
    id: 'B200',
    label: 'NVIDIA B200 192 GB',
    source: 'reference systems/config-B200.json',
    spec: {
      matrix_flops_fp16: 2500,
      vector_flops_fp16: 339,
      hbm_bandwidth: 8000,
      hbm_capacity: 192,
      nvlink_bandwidth: 900,
      nvlink_eff: 0.7,
      nvlink_latency: 2.5e-6,
      ib_bandwidth: 100,
      ib_eff: 0.7,
      ib_latency: 5e-6,
      nvlink_size: 4,
      nic_factor: 1,
      ...UNITS,
    },
  },
  'B200-next': {
    id: 'B200-next',
    label: 'Next generation (extrapolated)',
    source: 'reference systems/config-B200-next.json (the paper extrapolates it from B200)',
    spec: {
      matrix_flops_fp16: 3750,
      vector_flops_fp16: 508.5,
      hbm_bandwidth: 16000,
      hbm_capacity: 384,
      nvlink_bandwidth: 3600,
      nvlink_eff: 0.8,
      nvlink_latency: 5e-6,
      ib_bandwidth: 200,
      ib_eff: 0.8,
      ib_latency: 1e-5,
      nvlink_size: 64,
      nic_factor: 1,
      ...UNITS,
    },
  },
};

// ---- today's products ----------------------------------------------------------------------------

const DOCS = {
  a100Datasheet: {
    title: 'NVIDIA A100 Tensor Core GPU datasheet',
    url: 'https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf',
  },
  ampereWhitepaper: {
    title: 'NVIDIA A100 Tensor Core GPU Architecture whitepaper, Table 1',
    url: 'https://images.nvidia.com/aem-dam/en-zz/Solutions/data-center/nvidia-ampere-architecture-whitepaper.pdf',
  },
  dgxA100: {
    title: 'NVIDIA DGX A100 User Guide, hardware overview',
    url: 'https://docs.nvidia.com/dgx/dgxa100-user-guide/introduction-to-dgxa100.html',
  },
  h100Datasheet: {
    title: 'NVIDIA H100 Tensor Core GPU datasheet (H100 SXM column)',
    url: 'https://resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet',
  },
  hopperWhitepaper: {
    title: 'NVIDIA H100 Tensor Core GPU Architecture whitepaper, Table 2 (H100 SXM5)',
    url: 'https://resources.nvidia.com/en-us-tensor-core/gtc22-whitepaper-hopper',
  },
  dgxH100: {
    title: 'NVIDIA DGX H100/H200 User Guide, hardware overview',
    url: 'https://docs.nvidia.com/dgx/dgxh100-user-guide/introduction-to-dgxh100.html',
  },
  h200Datasheet: {
    title: 'NVIDIA H200 Tensor Core GPU product page and datasheet (H200 SXM column)',
    url: 'https://www.nvidia.com/en-us/data-center/h200/',
  },
  hgx: {
    title: 'NVIDIA HGX platform specifications (HGX B200, per-GPU figures)',
    url: 'https://www.nvidia.com/en-us/data-center/hgx/',
  },
  dgxB200: {
    title: 'NVIDIA DGX B200 datasheet',
    url: 'https://resources.nvidia.com/en-us-dgx-systems/dgx-b200-datasheet',
  },
  gb200: {
    title: 'NVIDIA GB200 NVL72 specifications (per-GPU figures)',
    url: 'https://www.nvidia.com/en-us/data-center/gb200-nvl72/',
  },
  mi300x: {
    title: 'AMD Instinct MI300X accelerator data sheet',
    url: 'https://www.amd.com/content/dam/amd/en/documents/instinct-tech-docs/data-sheets/amd-instinct-mi300x-data-sheet.pdf',
  },
  mi300xPlatform: {
    title: 'AMD Instinct MI300X platform data sheet',
    url: 'https://www.amd.com/content/dam/amd/en/documents/instinct-tech-docs/data-sheets/amd-instinct-mi300x-platform-data-sheet.pdf',
  },
} as const satisfies Record<string, SourceDoc>;

const from = (doc: SourceDoc, note: string): FigureSource => ({ doc, note });
const assumed = (note: string): FigureSource => ({ doc: null, note });

/** The paper's achieved fractions and latencies (reference config files): no vendor publishes these. */
const PAPER_NETWORK = { nvlink_eff: 0.7, nvlink_latency: 2.5e-6, ib_eff: 0.7, ib_latency: 5e-6 } as const;
const PAPER_NETWORK_SOURCES = {
  nvlink_eff: assumed("the paper's 0.7 of the link's peak (reference config files)"),
  nvlink_latency: assumed("the paper's 2.5 µs (reference config files); no vendor states one"),
  ib_eff: assumed("the paper's 0.7 of the NIC's peak (reference config files)"),
  ib_latency: assumed("the paper's 5 µs (reference config files); no vendor states one"),
} as const;

const PRODUCT_PRESETS: Readonly<Record<ProductSystemId, SystemPreset>> = {
  'a100-80gb': {
    id: 'a100-80gb',
    label: 'NVIDIA A100 80 GB SXM (HGX A100 8-GPU)',
    source: `${DOCS.a100Datasheet.title}; ${DOCS.dgxA100.title}`,
    spec: {
      matrix_flops_fp16: 312,
      vector_flops_fp16: 78,
      hbm_bandwidth: 2039,
      hbm_capacity: 80,
      nvlink_bandwidth: 300,
      ib_bandwidth: 25,
      nvlink_size: 8,
      nic_factor: 1,
      gpu_power: 400,
      ...PAPER_NETWORK,
      ...UNITS,
    },
    figures: {
      matrix_flops_fp16: from(DOCS.a100Datasheet, 'BF16 Tensor Core 312 TFLOPS (624 is with sparsity)'),
      matrix_flops_fp8: assumed('absent: A100 has no FP8 tensor cores'),
      vector_flops_fp16: from(DOCS.ampereWhitepaper, 'peak FP16 (non-Tensor) 78 TFLOPS'),
      hbm_bandwidth: from(DOCS.a100Datasheet, 'A100 80GB SXM: 2,039 GB/s'),
      hbm_capacity: from(DOCS.a100Datasheet, '80 GB HBM2e'),
      nvlink_bandwidth: from(DOCS.a100Datasheet, 'NVLink 600 GB/s, both directions: 300 each way'),
      nvlink_size: from(DOCS.dgxA100, '8 GPUs on 6 NVSwitches'),
      ib_bandwidth: from(DOCS.dgxA100, 'ConnectX-6 HDR InfiniBand, 200 Gb/s = 25 GB/s per NIC'),
      nic_factor: from(DOCS.dgxA100, '8 compute NICs for 8 GPUs'),
      gpu_power: from(DOCS.a100Datasheet, 'max TDP 400 W (SXM)'),
      ...PAPER_NETWORK_SOURCES,
    },
  },
  'h100-sxm': {
    id: 'h100-sxm',
    label: 'NVIDIA H100 SXM 80 GB (HGX H100 8-GPU)',
    source: `${DOCS.h100Datasheet.title}; ${DOCS.hopperWhitepaper.title}; ${DOCS.dgxH100.title}`,
    spec: {
      matrix_flops_fp16: 989.4,
      matrix_flops_fp8: 1978.9,
      vector_flops_fp16: 133.8,
      hbm_bandwidth: 3350,
      hbm_capacity: 80,
      nvlink_bandwidth: 450,
      ib_bandwidth: 50,
      nvlink_size: 8,
      nic_factor: 1,
      gpu_power: 700,
      ...PAPER_NETWORK,
      ...UNITS,
    },
    figures: {
      matrix_flops_fp16: from(
        DOCS.hopperWhitepaper,
        'peak BF16 Tensor 989.4 TFLOPS dense (datasheet: 1,979 with sparsity)',
      ),
      matrix_flops_fp8: from(
        DOCS.hopperWhitepaper,
        'peak FP8 Tensor 1,978.9 TFLOPS dense (datasheet: 3,958 with sparsity)',
      ),
      vector_flops_fp16: from(DOCS.hopperWhitepaper, 'peak FP16 (non-Tensor) 133.8 TFLOPS'),
      hbm_bandwidth: from(DOCS.h100Datasheet, 'GPU memory bandwidth 3.35 TB/s'),
      hbm_capacity: from(DOCS.h100Datasheet, '80 GB HBM3'),
      nvlink_bandwidth: from(DOCS.h100Datasheet, 'NVLink 900 GB/s, both directions: 450 each way'),
      nvlink_size: from(DOCS.dgxH100, '8 GPUs on 4 NVSwitches'),
      ib_bandwidth: from(DOCS.dgxH100, 'ConnectX-7, 400 Gb/s = 50 GB/s per NIC'),
      nic_factor: from(DOCS.dgxH100, '8 single-port compute NICs for 8 GPUs'),
      gpu_power: from(DOCS.h100Datasheet, 'max TDP up to 700 W'),
      ...PAPER_NETWORK_SOURCES,
    },
  },
  'h200-sxm': {
    id: 'h200-sxm',
    label: 'NVIDIA H200 SXM 141 GB (HGX H200 8-GPU)',
    source: `${DOCS.h200Datasheet.title}; ${DOCS.hopperWhitepaper.title}; ${DOCS.dgxH100.title}`,
    spec: {
      matrix_flops_fp16: 989.4,
      matrix_flops_fp8: 1978.9,
      vector_flops_fp16: 133.8,
      hbm_bandwidth: 4800,
      hbm_capacity: 141,
      nvlink_bandwidth: 450,
      ib_bandwidth: 50,
      nvlink_size: 8,
      nic_factor: 1,
      gpu_power: 700,
      ...PAPER_NETWORK,
      ...UNITS,
    },
    figures: {
      matrix_flops_fp16: from(
        DOCS.h200Datasheet,
        'BF16 Tensor Core 1,979 TFLOPS with sparsity: 989.4 dense (H100 silicon, whitepaper)',
      ),
      matrix_flops_fp8: from(DOCS.h200Datasheet, 'FP8 Tensor Core 3,958 TFLOPS with sparsity: 1,978.9 dense'),
      vector_flops_fp16: from(
        DOCS.hopperWhitepaper,
        'the same GH100 silicon as H100: FP16 (non-Tensor) 133.8 TFLOPS',
      ),
      hbm_bandwidth: from(DOCS.h200Datasheet, 'GPU memory bandwidth 4.8 TB/s'),
      hbm_capacity: from(DOCS.h200Datasheet, '141 GB HBM3e'),
      nvlink_bandwidth: from(DOCS.h200Datasheet, 'NVLink 900 GB/s, both directions: 450 each way'),
      nvlink_size: from(DOCS.dgxH100, 'HGX H200: 8 GPUs on 4 NVSwitches'),
      ib_bandwidth: from(DOCS.dgxH100, 'ConnectX-7, 400 Gb/s = 50 GB/s per NIC'),
      nic_factor: from(DOCS.dgxH100, '8 single-port compute NICs for 8 GPUs'),
      gpu_power: from(DOCS.h200Datasheet, 'max TDP up to 700 W'),
      ...PAPER_NETWORK_SOURCES,
    },
  },
  b200: {
    id: 'b200',
    label: 'NVIDIA B200 180 GB (HGX B200 8-GPU)',
    source: `${DOCS.hgx.title}; ${DOCS.dgxB200.title}`,
    spec: {
      matrix_flops_fp16: 2250,
      matrix_flops_fp8: 4500,
      vector_flops_fp16: 150,
      hbm_bandwidth: 7700,
      hbm_capacity: 180,
      nvlink_bandwidth: 900,
      ib_bandwidth: 50,
      nvlink_size: 8,
      nic_factor: 1,
      gpu_power: 1000,
      ...PAPER_NETWORK,
      ...UNITS,
    },
    figures: {
      matrix_flops_fp16: from(DOCS.hgx, 'FP16/BF16 Tensor Core 4.5 PFLOPS with sparsity: 2,250 dense'),
      matrix_flops_fp8: from(DOCS.hgx, 'FP8 Tensor Core 9 PFLOPS with sparsity: 4,500 dense'),
      vector_flops_fp16: assumed(
        'no FP16 non-tensor rate is published; twice the datasheet FP32 75 TFLOPS, as on Hopper (133.8 = 2 x 66.9)',
      ),
      hbm_bandwidth: from(DOCS.hgx, '7.7 TB/s per GPU (62 TB/s for 8)'),
      hbm_capacity: from(DOCS.hgx, '180 GB HBM3e per GPU (1.4 TB for 8)'),
      nvlink_bandwidth: from(DOCS.hgx, 'fifth-generation NVLink 1.8 TB/s, both directions: 900 each way'),
      nvlink_size: from(DOCS.hgx, '8 GPUs on NVSwitch'),
      ib_bandwidth: from(DOCS.dgxB200, 'ConnectX-7, 400 Gb/s = 50 GB/s per NIC'),
      nic_factor: from(DOCS.dgxB200, '8 single-port OSFP compute NICs for 8 GPUs'),
      gpu_power: from(DOCS.hgx, 'max TDP configurable up to 1,000 W'),
      ...PAPER_NETWORK_SOURCES,
    },
  },
  'gb200-nvl72': {
    id: 'gb200-nvl72',
    label: 'NVIDIA GB200 NVL72 (72-GPU NVLink rack)',
    source: DOCS.gb200.title,
    spec: {
      matrix_flops_fp16: 2500,
      matrix_flops_fp8: 5000,
      vector_flops_fp16: 160,
      hbm_bandwidth: 8000,
      hbm_capacity: 186,
      nvlink_bandwidth: 900,
      ib_bandwidth: 50,
      nvlink_size: 72,
      nic_factor: 1,
      gpu_power: 1200,
      ...PAPER_NETWORK,
      ...UNITS,
    },
    figures: {
      matrix_flops_fp16: from(DOCS.gb200, 'FP16/BF16 Tensor Core 5 PFLOPS with sparsity: 2,500 dense'),
      matrix_flops_fp8: from(DOCS.gb200, 'FP8/FP6 Tensor Core 10 PFLOPS with sparsity: 5,000 dense'),
      vector_flops_fp16: assumed(
        'no FP16 non-tensor rate is published; twice the FP32 80 TFLOPS, as on Hopper (133.8 = 2 x 66.9)',
      ),
      hbm_bandwidth: from(DOCS.gb200, '8 TB/s per GPU (576 TB/s for 72)'),
      hbm_capacity: from(DOCS.gb200, '186 GB HBM3e per GPU (13.4 TB for 72)'),
      nvlink_bandwidth: from(
        DOCS.gb200,
        'NVLink 1.8 TB/s per GPU (130 TB/s for 72), both directions: 900 each way',
      ),
      nvlink_size: from(DOCS.gb200, '72 GPUs in one NVLink domain'),
      ib_bandwidth: assumed(
        "ConnectX-7 400 Gb/s = 50 GB/s per NIC, as NVIDIA's GB200 reference compute tray (4 NICs for 4 GPUs); newer trays carry 800 Gb/s",
      ),
      nic_factor: assumed('one compute NIC per GPU (4 per 4-GPU tray)'),
      gpu_power: from(DOCS.gb200, 'max TDP configurable up to 1,200 W per GPU (not counting the Grace CPU)'),
      ...PAPER_NETWORK_SOURCES,
    },
  },
  mi300x: {
    id: 'mi300x',
    label: 'AMD Instinct MI300X 192 GB (8-GPU Infinity Fabric platform)',
    source: `${DOCS.mi300x.title}; ${DOCS.mi300xPlatform.title}`,
    scaleUp: 'Infinity Fabric',
    spec: {
      matrix_flops_fp16: 1307.4,
      matrix_flops_fp8: 2614.9,
      vector_flops_fp16: 163.4,
      hbm_bandwidth: 5300,
      hbm_capacity: 192,
      nvlink_bandwidth: 448,
      ib_bandwidth: 50,
      nvlink_size: 8,
      nic_factor: 1,
      gpu_power: 750,
      ...PAPER_NETWORK,
      ...UNITS,
    },
    figures: {
      matrix_flops_fp16: from(DOCS.mi300x, 'peak BF16 1,307.4 TFLOPS dense (2,614.9 with sparsity)'),
      matrix_flops_fp8: from(DOCS.mi300x, 'peak FP8 2,614.9 TFLOPS dense (5,229.8 with sparsity)'),
      vector_flops_fp16: from(DOCS.mi300x, 'peak FP16 vector 163.4 TFLOPS'),
      hbm_bandwidth: from(DOCS.mi300x, 'peak HBM3 bandwidth 5.3 TB/s'),
      hbm_capacity: from(DOCS.mi300x, '192 GB HBM3'),
      nvlink_bandwidth: from(
        DOCS.mi300x,
        '7 Infinity Fabric links of 128 GB/s both directions (896 GB/s): 448 each way, to 7 peers of a full mesh (one peer alone gets 64)',
      ),
      nvlink_size: from(DOCS.mi300xPlatform, '8 GPUs, fully connected by Infinity Fabric'),
      ib_bandwidth: assumed('a 400 Gb/s (50 GB/s) NIC, as the usual 8-GPU MI300X servers carry'),
      nic_factor: assumed('one compute NIC per GPU, as the usual 8-GPU MI300X servers carry'),
      gpu_power: from(DOCS.mi300x, 'peak board power 750 W'),
      ...PAPER_NETWORK_SOURCES,
    },
  },
};

/** Product presets carry their calibrated efficiency (calibrated.ts); the paper's four stay the paper's. */
const CALIBRATED_PRODUCTS = Object.fromEntries(
  Object.entries(PRODUCT_PRESETS).map(([id, p]) => {
    const c = presetCalibration(id);
    return [id, c ? { ...p, spec: { ...p.spec, efficiency: c.efficiency } } : p];
  }),
) as Readonly<Record<ProductSystemId, SystemPreset>>;

export const SYSTEM_PRESETS: Readonly<Record<SystemPresetId, SystemPreset>> = {
  ...PAPER_PRESETS,
  ...CALIBRATED_PRODUCTS,
};

/** NVLink domain sizes the paper compares (§5). */
export const PAPER_NVLINK_SIZES = [4, 8, 64] as const;

/** A preset with its NVLink domain resized. */
export function systemWithDomain(id: SystemPresetId, nvlinkSize: number): SystemSpec {
  return { ...SYSTEM_PRESETS[id].spec, nvlink_size: nvlinkSize };
}
