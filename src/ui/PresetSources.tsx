/**
 * The hardware presets of today's products, figure by figure with where each comes from (About). Data
 * from src/presets/systems.ts, so the page and the presets cannot disagree.
 */
import type { SystemSpec } from '../model/system.ts';
import { PRODUCT_SYSTEM_IDS, SYSTEM_PRESETS, type SourcedKey } from '../presets/systems.ts';
import { sig } from './format.ts';

/** Each sourced figure's name and unit, and how it is shown. */
const ROWS: readonly { key: SourcedKey; label: string; show?: (v: number) => string }[] = [
  { key: 'matrix_flops_fp16', label: 'BF16 matrix rate, dense (TFLOP/s)' },
  { key: 'matrix_flops_fp8', label: 'FP8 matrix rate, dense (TFLOP/s)' },
  { key: 'vector_flops_fp16', label: 'Vector FP16 rate (TFLOP/s)' },
  { key: 'hbm_capacity', label: 'HBM capacity (GB)' },
  { key: 'hbm_bandwidth', label: 'HBM bandwidth (GB/s)' },
  { key: 'nvlink_bandwidth', label: 'Scale-up bandwidth per GPU, one direction (GB/s)' },
  { key: 'nvlink_size', label: 'Scale-up domain (GPUs)' },
  { key: 'nvlink_eff', label: 'Scale-up efficiency' },
  { key: 'nvlink_latency', label: 'Scale-up latency (µs)', show: (v) => sig(v * 1e6) },
  { key: 'ib_bandwidth', label: 'Scale-out bandwidth per NIC (GB/s)' },
  { key: 'nic_factor', label: 'NICs per GPU' },
  { key: 'ib_eff', label: 'Scale-out efficiency' },
  { key: 'ib_latency', label: 'Scale-out latency (µs)', show: (v) => sig(v * 1e6) },
  { key: 'gpu_power', label: 'Power per GPU (W)' },
];

const value = (spec: SystemSpec, row: (typeof ROWS)[number]): string => {
  const v = spec[row.key];
  return v === undefined ? 'none' : (row.show ?? ((x: number) => String(x)))(v);
};

export function PresetSources() {
  return (
    <section>
      <h3>Hardware presets</h3>
      <p>
        Besides the paper&apos;s four systems (A100, H200, B200 and the extrapolated B200-next, with the
        reference&apos;s figures), the presets in lower case are today&apos;s products, each figure from the
        vendor&apos;s datasheet. Matrix rates are dense (the datasheets&apos; headline figures with 2:4
        sparsity are twice these). Scale-up bandwidth is one direction per GPU, as the reference counts NVLink
        (A100&apos;s 600 GB/s both ways is its 300). Scale-out is the server&apos;s compute NICs: the
        bandwidth of one NIC times the NICs per GPU. No vendor publishes achieved link fractions or latencies:
        those are the paper&apos;s, marked as assumptions. MI300X&apos;s Infinity Fabric is a full mesh of 7
        links, modelled as a switch with their summed bandwidth (all-to-all and ring collectives use every
        link; a single pair of GPUs gets one link, 64 GB/s). Choosing a preset brings its own domain size.
      </p>
      {PRODUCT_SYSTEM_IDS.map((id) => {
        const p = SYSTEM_PRESETS[id];
        return (
          <div className="table-scroll" key={id}>
            <table className="data preset-sources" data-testid={`preset-sources-${id}`}>
              <caption>
                <code>{id}</code>: {p.label}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Figure</th>
                  <th scope="col">Value</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                {ROWS.map((row) => {
                  const f = p.figures?.[row.key];
                  return (
                    <tr key={row.key}>
                      <th scope="row">{row.label}</th>
                      <td className="num">{value(p.spec, row)}</td>
                      <td>
                        {f?.doc ? (
                          <>
                            <a href={f.doc.url}>{f.doc.title}</a>: {f.note}
                          </>
                        ) : (
                          <>Assumption: {f?.note}</>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        );
      })}
    </section>
  );
}
