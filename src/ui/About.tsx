/**
 * "About the model": what Parallax computes and how far to trust it. Each equation here is the one the
 * engine implements (src/model/time.ts, layerTime.ts, step.ts; src/search/enumerate.ts); when those
 * change, this page changes with them. docs/model.md is the same text, condensed.
 */
import type { ReactNode } from 'react';
import { AboutEfficiency } from './AboutEfficiency.tsx';
import { PresetSources } from './PresetSources.tsx';

const PAPER_URL = 'https://arxiv.org/abs/2410.00273';
const REFERENCE_URL = 'https://github.com/ShashankSubramanian/transformer-perf-estimates';

/** A symbol with an optional subscript, e.g. t<sub>comp</sub>. */
function Sym({ v, sub }: { v: string; sub?: ReactNode }) {
  return (
    <>
      <var>{v}</var>
      {sub !== undefined && <sub>{sub}</sub>}
    </>
  );
}

/** A displayed equation. */
function Eq({ children }: { children: ReactNode }) {
  return <p className="equation">{children}</p>;
}

interface SymbolRow {
  readonly symbol: ReactNode;
  readonly meaning: string;
  readonly unit: string;
}

const SYMBOLS: readonly SymbolRow[] = [
  { symbol: <var>b</var>, meaning: 'Micro-batch size', unit: 'sequences' },
  { symbol: <var>B</var>, meaning: 'Global batch size', unit: 'sequences' },
  { symbol: <var>l</var>, meaning: 'Sequence length', unit: 'tokens' },
  { symbol: <var>e</var>, meaning: 'Embedding (hidden) dimension', unit: 'elements' },
  { symbol: <var>f</var>, meaning: 'MLP hidden dimension (usually 4e)', unit: 'elements' },
  { symbol: <var>h</var>, meaning: 'Attention heads; head size q = e/h', unit: 'count' },
  {
    symbol: (
      <>
        depth, <var>L</var>
      </>
    ),
    meaning: 'Transformer layers',
    unit: 'count',
  },
  { symbol: <var>dp</var>, meaning: 'Data-parallel degree (model replicas)', unit: 'GPUs' },
  {
    symbol: (
      <>
        <var>tp1</var>, <Sym v="m" sub="1" />
      </>
    ),
    meaning: 'First tensor-parallel degree: splits heads and the MLP hidden dimension (SUMMA: grid columns)',
    unit: 'GPUs',
  },
  {
    symbol: (
      <>
        <var>tp2</var>, <Sym v="m" sub="2" />
      </>
    ),
    meaning: 'Second tensor-parallel degree: splits the sequence (SUMMA: grid rows); 1 in 1D',
    unit: 'GPUs',
  },
  { symbol: <var>pp</var>, meaning: 'Pipeline stages, each holding L/pp layers', unit: 'GPUs' },
  {
    symbol: <var>m</var>,
    meaning: 'Micro-batches per step on one replica, B / (dp · b)',
    unit: 'count',
  },
  { symbol: <var>nb</var>, meaning: 'SUMMA panels per matrix multiply (2D SUMMA only)', unit: 'count' },
  { symbol: <var>NVS</var>, meaning: 'GPUs in one NVLink (NVSwitch) domain', unit: 'GPUs' },
  {
    symbol: (
      <>
        <Sym v="nv" sub="tp1" />, <Sym v="nv" sub="tp2" />, <Sym v="nv" sub="dp" />, <Sym v="nv" sub="pp" />
      </>
    ),
    meaning: 'GPUs of each parallel group that share one NVLink domain (the placement)',
    unit: 'GPUs',
  },
];

export function About() {
  const t = (sub: string) => <Sym v="t" sub={sub} />;
  const C = <var>C</var>;
  const V = <var>V</var>;
  const n = <var>n</var>;
  const pp = <var>pp</var>;
  const m = <var>m</var>;
  const L = <var>L</var>;
  const nb = <var>nb</var>;
  const B = <var>B</var>;
  const Bnv = <Sym v="β" sub="nv" />;
  const Bib = <Sym v="β" sub="ib" />;
  const lnv = <Sym v="λ" sub="nv" />;
  const lib = <Sym v="λ" sub="ib" />;

  return (
    <article className="about" aria-labelledby="about-heading">
      <h2 id="about-heading">About the model</h2>
      <p>
        Parallax estimates how long one training step of a dense transformer takes, and how much memory each
        GPU needs, for every way of spreading the training over a given number of GPUs, and reports the
        fastest ways that fit. It is an analytical model: closed-form arithmetic per layer, not a simulator or
        a measurement. It implements the model of Subramanian et al.,{' '}
        <a href={PAPER_URL}>
          &ldquo;Comprehensive Performance Modeling and System Design Insights for Foundation Models&rdquo;
        </a>{' '}
        (arXiv 2410.00273, 2024), and reproduces the numbers of its{' '}
        <a href={REFERENCE_URL}>reference implementation</a>. Treat the results as a well-defined first
        estimate that is good for comparing configurations and systems; absolute times rest on the assumptions
        listed below.
      </p>

      <section>
        <h3>How it works</h3>
        <ol>
          <li>
            <strong>Count.</strong> For every layer of one transformer layer (the MLP block and the
            self-attention block), for one micro-batch, count FLOPs, HBM traffic, the activations kept for the
            backward pass, the weights, and the collectives each pass issues.
          </li>
          <li>
            <strong>Time.</strong> Turn the counts into a time with a roofline (compute against HBM bandwidth)
            plus a ring model of each collective on a two-tier network, then assemble a training step:
            micro-batches, pipeline bubble, data-parallel and pipeline communication, and the memory each GPU
            holds.
          </li>
          <li>
            <strong>Search.</strong> Evaluate every candidate configuration exhaustively, drop those that do
            not fit in HBM, and rank the rest by throughput (samples per second).
          </li>
        </ol>
        <p>A configuration is:</p>
        <ul>
          <li>
            the data-parallel degree <var>dp</var>, the tensor-parallel degrees <var>tp1</var> and{' '}
            <var>tp2</var> (<var>tp2</var> = 1 for 1D) and the pipeline degree <var>pp</var>, with{' '}
            <var>dp</var> · <var>tp1</var> · <var>tp2</var> · <var>pp</var> = the number of GPUs;
          </li>
          <li>
            the micro-batch size <var>b</var>, which fixes the number of micro-batches <var>m</var> = {B} / (
            <var>dp</var> · <var>b</var>);
          </li>
          <li>for 2D SUMMA, the number of panels {nb} each matrix multiply is split into;</li>
          <li>
            the NVLink placement: how many GPUs of each group (<var>tp1</var>, <var>tp2</var>, <var>dp</var>,{' '}
            <var>pp</var>) sit inside one NVLink domain. Groups, or parts of groups, that span domains
            communicate over InfiniBand.
          </li>
        </ul>
      </section>

      <section>
        <h3>Symbols</h3>
        <table className="about-symbols">
          <caption>Symbols, as the engine and this page use them</caption>
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col">Meaning</th>
              <th scope="col">Unit</th>
            </tr>
          </thead>
          <tbody>
            {SYMBOLS.map((row) => (
              <tr key={row.meaning}>
                <td>{row.symbol}</td>
                <td>{row.meaning}</td>
                <td>{row.unit}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          Internally FLOPs are in TFLOP, memory and traffic in GB (10<sup>9</sup> bytes), rates in TFLOP/s and
          GB/s, times in seconds. Every tensor element is bf16 (2 bytes); dropout masks take 1 byte per
          element.
        </p>
      </section>

      <section>
        <h3>Counting each layer</h3>
        <p>
          A transformer layer is an MLP block (fc1 <var>e</var>→<var>f</var>, bias, GELU, dropout, fc2{' '}
          <var>f</var>→<var>e</var>, bias, dropout, layer norm) and a self-attention block (QKV projection{' '}
          <var>e</var>→3<var>e</var>, attention, output projection, bias, dropout, layer norm). Each layer is
          treated as one kernel, and for each pass (forward, backward) and one micro-batch the model counts,
          on one GPU&rsquo;s shard of the tensors:
        </p>
        <ul>
          <li>
            <strong>FLOPs</strong>, multiplies and adds counted separately: a linear layer costs <var>b</var>·
            <var>l</var>·<var>f</var>·(2<var>e</var> − 1) ≈ 2·<var>b</var>·<var>l</var>·<var>e</var>·
            <var>f</var> forward and about twice that backward (input gradient and weight gradient); pointwise
            layers cost a few FLOPs per element (GELU 8 forward and 13 backward).
          </li>
          <li>
            <strong>HBM traffic</strong>: every tensor the kernel reads or writes (inputs, outputs, weights;
            backward also the saved activations, the incoming gradient and the weight gradient), with no reuse
            between kernels.
          </li>
          <li>
            <strong>Activation memory</strong>: what the layer keeps for its backward pass, e.g. a linear
            layer&rsquo;s input, GELU&rsquo;s input, a dropout&rsquo;s 1-byte mask.
          </li>
          <li>
            <strong>Weights</strong>: the layer&rsquo;s weight or bias shard, and a gradient of the same size.
          </li>
          <li>
            <strong>Collectives</strong>: type, volume, group size and how many of the group share an NVLink
            domain.
          </li>
        </ul>
        <p>How the tensors are sharded depends on the tensor-parallel strategy:</p>
        <dl>
          <dt>1D (Megatron-LM with sequence parallelism)</dt>
          <dd>
            <var>tp1</var> GPUs split the heads and the MLP hidden dimension: QKV and fc1 are column-parallel,
            the output projection and fc2 row-parallel. In between, the layer norms and dropouts hold{' '}
            <var>l</var>/<var>tp1</var> tokens each (sequence parallelism), so each block communicates an
            all-gather and a reduce-scatter of <var>b</var>·<var>l</var>·<var>e</var> elements per pass
            instead of an all-reduce. (The reference labels both backward collectives reduce-scatters; in this
            model they cost the same as an all-gather.)
          </dd>
          <dt>2D SUMMA</dt>
          <dd>
            GPUs form a <var>tp2</var> × <var>tp1</var> grid; activations are sharded (<var>b</var>,{' '}
            <var>l</var>/<Sym v="m" sub="2" />, <var>e</var>/<Sym v="m" sub="1" />) and a weight (<var>e</var>
            /<Sym v="m" sub="2" />, <var>f</var>/<Sym v="m" sub="1" />
            ). A matrix multiply runs in {nb} panel steps, each broadcasting a panel of the activation along
            the grid row and a panel of the weight along the grid column; the backward adds the matching
            reduces. Layer norms all-reduce their row statistics over <var>tp1</var>. As in the
            reference&rsquo;s search, the attention block uses SUMMA for its projections and context
            parallelism (below) for attention itself.
          </dd>
          <dt>2D context parallel</dt>
          <dd>
            1D tensor parallelism over <var>tp1</var>, with the sequence also split <var>tp2</var> ways
            throughout the layer. Attention needs every key and value: K and V are all-gathered over{' '}
            <var>tp2</var> in both passes and their gradients reduce-scattered. Weights are replicated over
            the <var>tp2</var> sequence shards, so the data-parallel collectives span <var>dp</var> ·{' '}
            <var>tp2</var> GPUs and optimizer states are sharded over <var>dp</var> · <var>tp2</var>.
          </dd>
        </dl>
        <p>
          <strong>FlashAttention.</strong> Attention is one fused layer (logits, softmax, dropout, attend):
          its traffic is Q, K, V, the output and per-row softmax statistics, never the <var>l</var> ×{' '}
          <var>l</var> score matrix, and it keeps those (and a dropout seed) for the backward pass, which
          recomputes the logits, softmax and dropout (extra FLOPs instead of memory). The fused kernel is
          timed at the tensor-core rate, so the FLOPs of its softmax and dropout, which run on vector units,
          are multiplied by the matrix/vector rate ratio. This is what the search uses; the engine can also
          time the unfused layers.
        </p>
      </section>

      <section>
        <h3>Time of a layer</h3>
        <p>Each layer, for each pass, takes</p>
        <Eq>
          {t('layer')} = max({t('comp')}, {t('mem')}) + {t('comm')}
        </Eq>
        <Eq>
          {t('comp')} = 20 µs + FLOPs / (0.8 × peak FLOP/s), &nbsp; {t('mem')} = HBM traffic / HBM bandwidth
        </Eq>
        <p>
          The peak is the tensor-core (matrix) rate for matrix multiplies and fused attention, and the vector
          rate for pointwise layers (bias, GELU, dropout, softmax, layer norm). 20 µs is a fixed launch
          overhead per layer and pass; 0.8 is a constant efficiency. {t('comm')} is the sum of the
          layer&rsquo;s collectives, which follow its compute (except in SUMMA, below). A layer is
          compute-bound when {t('comp')} ≥ {t('mem')}; the part of {t('mem')} not hidden by compute is
          reported as <dfn>exposed memory</dfn>, max({t('mem')} − {t('comp')}, 0), so compute, exposed memory
          and communication add up to the layer&rsquo;s time.
        </p>
      </section>

      <section>
        <h3>Collectives</h3>
        <p>
          All collectives are ring algorithms on two tiers: NVLink inside a domain, InfiniBand between
          domains. For a volume {V} (GB) over a group of {n} GPUs, <var>k</var> of which share each NVLink
          domain (so <var>d</var> = {n}/<var>k</var> domains), the bandwidth term is scaled by <var>c</var> =
          ({n} − 1)/
          {n} for all-gather, reduce-scatter and all-reduce, and <var>c</var> = 1 for broadcast and reduce.
          With effective bandwidths {Bnv} = NVLink bandwidth × NVLink efficiency and {Bib} = InfiniBand
          bandwidth per NIC × InfiniBand efficiency, latencies {lnv} and {lib}, and <var>ν</var> NICs per GPU,
          the time {C}({V}, {n}, <var>k</var>) is:
        </p>
        <table className="about-collectives">
          <caption>Time of one collective, C(V, n, k)</caption>
          <thead>
            <tr>
              <th scope="col">Where the group sits</th>
              <th scope="col">Time</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>One GPU, or zero volume</td>
              <td>0</td>
            </tr>
            <tr>
              <td>
                Inside one NVLink domain (<var>d</var> = 1)
              </td>
              <td>
                {lnv}·({n} − 1) + <var>c</var>·{V}/{Bnv}
              </td>
            </tr>
            <tr>
              <td>
                One GPU per domain (<var>k</var> = 1)
              </td>
              <td>
                {lib}·({n} − 1) + <var>c</var>·{V}/{Bib}
              </td>
            </tr>
            <tr>
              <td>
                Across <var>d</var> &gt; 1 domains, <var>k</var> &gt; 1 GPUs in each
              </td>
              <td>
                max(<var>c</var>·{V}/(<var>ν</var>·<var>k</var>·{Bib}), <var>c</var>·{V}/{Bnv}) (× 2 for
                all-reduce) + {lib}·(<var>d</var> − 1) + {lnv}·({n} − <var>d</var>)
              </td>
            </tr>
            <tr>
              <td>Point-to-point (pipeline), pair on NVLink</td>
              <td>
                {lnv} + {V}/{Bnv}
              </td>
            </tr>
            <tr>
              <td>Point-to-point, pair on InfiniBand</td>
              <td>
                {lib} + {V}/{Bib}
              </td>
            </tr>
          </tbody>
        </table>
        <p>
          Across domains, the <var>ν</var>·<var>k</var> NICs of the group&rsquo;s GPUs in a domain run rings
          in parallel and the two tiers overlap, so the slower tier sets the time. Kept from the reference for
          fidelity:
        </p>
        <ul>
          <li>
            an all-reduce inside one domain, or with one GPU per domain, is charged one pass (<var>c</var>·{V}
            ), not two; only across domains is it doubled (only the 2D layer norm and 2D softmax statistics
            use all-reduce, and their volumes are small);
          </li>
          <li>with one GPU per domain the bandwidth is a single NIC&rsquo;s, whatever the NICs per GPU;</li>
          <li>
            pipeline links that leave the NVLink domain cost nothing when part of the pipeline shares a domain
            (below).
          </li>
        </ul>
      </section>

      <section>
        <h3>SUMMA overlap</h3>
        <p>
          In a SUMMA layer each of the {nb} panels needs its own broadcasts (and, backward, reduces) of 1/{nb}{' '}
          of the volume. The first panel&rsquo;s collectives are exposed; the other {nb} − 1 stream under the
          compute and are exposed only by the amount they exceed it:
        </p>
        <Eq>
          {t('panel')} = Σ {C}({V}/{nb}, …), &nbsp; {t('comm')} = {t('panel')} + max({nb}·{t('panel')} − max(
          {t('comp')}, {t('mem')}), 0)
        </Eq>
        <p>
          More panels shrink the exposed panel but pay every latency {nb} times and add HBM traffic (the
          output is accumulated once per panel); the search tries every allowed {nb}.
        </p>
      </section>

      <section>
        <h3>A training step</h3>
        <p>
          With {t('fwd')} and {t('bwd')} the sums over all layers of one transformer layer for one
          micro-batch, and {L}/{pp} layers per pipeline stage:
        </p>
        <Eq>
          <var>t</var> = ({t('fwd')} + {t('bwd')}) · {m} · {L}/{pp} + {t('pp')}, &nbsp; {t('bubble')} = ({pp}{' '}
          − 1) · <var>t</var>/{m}, &nbsp; {t('step')} = <var>t</var> + {t('bubble')} + {t('dp')}
        </Eq>
        <p>
          Throughput is {B}/{t('step')} samples per second. The bubble is computed from <var>t</var>, which
          already includes pipeline communication.
        </p>
        <p>
          <strong>Pipeline communication.</strong> Each stage sends one micro-batch&rsquo;s activation (the
          input of the block&rsquo;s layer norm, of volume {V}) forward and its gradient backward, not
          overlapped: {t('pp')} = 2 · {m} · {t('p2p')}. With {pp} spread one stage per domain (
          <Sym v="nv" sub="pp" /> = 1) {t('p2p')} is the InfiniBand point-to-point time. With{' '}
          <Sym v="nv" sub="pp" /> &gt; 1, <var>s</var> = {pp}/<Sym v="nv" sub="pp" /> − 1 of the {pp} − 1
          links leave the domain and {t('p2p')} = ({pp} − 1 − <var>s</var>)/({pp} − 1) · ({lnv} + {V}/{Bnv}):
          the reference charges the slow links nothing (it times them as a one-GPU collective), which Parallax
          keeps.
        </p>
        <p>
          <strong>Data-parallel communication.</strong> The weights of each layer are all-gathered in the
          forward pass and their gradients reduce-scattered in the backward, over the <var>dp</var> replicas (
          <var>dp</var> · <var>tp2</var> for context parallelism). Each overlaps the compute of the
          neighbouring layer for one micro-batch: one collective per pass is exposed, the others only where
          they are longer than that compute. With <Sym v="c" sub="dp" /> = {C}(one layer&rsquo;s weights,{' '}
          <var>dp</var>, <Sym v="nv" sub="dp" />) (for context parallelism <var>dp</var> · <var>tp2</var>{' '}
          GPUs, <Sym v="nv" sub="dp" /> · <Sym v="nv" sub="tp2" /> per domain):
        </p>
        <Eq>
          {t('dp')} = <Sym v="c" sub="dp" /> + ({L}/{pp} − 1)·max(
          <Sym v="c" sub="dp" /> − {t('fwd')}, 0) + <Sym v="c" sub="dp" /> + ({L}/{pp} − 1)·max(
          <Sym v="c" sub="dp" /> − {t('bwd')}, 0)
        </Eq>
        <p>
          <strong>Memory per GPU.</strong> With <var>W</var> the bf16 weights of the stage&rsquo;s {L}/{pp}{' '}
          layers on this GPU and <var>A</var> their activations for one micro-batch:
        </p>
        <Eq>
          <var>M</var> = <var>W</var> + <var>W</var> + 6 · <var>W</var>/(<var>dp</var> · <var>cp</var>) +{' '}
          <var>A</var> · min({m}, {pp}) ≤ HBM capacity
        </Eq>
        <p>
          That is weights, gradients, and the optimizer states sharded over the data-parallel replicas (a
          distributed optimizer; 6 × the bf16 weights is an fp32 copy, Adam&rsquo;s momentum and its variance;{' '}
          <var>cp</var> = <var>tp2</var> for context parallelism, else 1), plus activations for at most {pp}{' '}
          micro-batches in flight under the 1F1B schedule.
        </p>
        <p>
          The reported breakdown (compute, exposed memory, tensor-parallel, pipeline and data-parallel
          communication, bubble) adds up to {t('step')}.
        </p>
      </section>

      <section>
        <h3>Training settings</h3>
        <p>
          Each setting defaults to the paper&rsquo;s behaviour; the parallelism panel pins it or lets the
          search choose it per configuration (the top-10 table and CSV say which it chose).
        </p>
        <ul>
          <li>
            <strong>Activation recomputation.</strong> <em>None</em> (the paper) keeps every activation the
            backward needs. <em>Full</em> keeps only each layer&rsquo;s input and redoes the layer&rsquo;s
            forward, its tensor-parallel collectives included, before its backward: the backward pays one more
            forward, and the peak memory adds one layer&rsquo;s full activations (the layer being recomputed).{' '}
            <em>Selective</em> is Megatron&rsquo;s: the attention core is recomputed and keeps only Q, K and
            V. Without fused attention that drops the <var>l</var> × <var>l</var> scores, softmax output and
            dropout mask. Fused (Flash) attention never stores the scores (its backward already recomputes
            them), so there selective saves only the kernel&rsquo;s output copy, softmax statistics and
            dropout state, for the price of the fused forward once more: it rarely pays.
          </li>
          <li>
            <strong>ZeRO stage.</strong> Stage 0 shards nothing: gradients are all-reduced once per step (a
            reduce-scatter plus an all-gather). Stage 1 shards the optimizer states over the data-parallel
            group: this is the paper&rsquo;s distributed optimizer (weights all-gathered, gradients
            reduce-scattered once per step). Stage 2 also shards the gradients, so, as DeepSpeed ZeRO-2 and
            FSDP do with gradient accumulation, they are reduce-scattered after every micro-batch. Stage 3
            also shards the weights: every micro-batch all-gathers each layer&rsquo;s weights before its
            forward and again before its backward, and one layer&rsquo;s full weights are held while in use.
            Each collective hides behind the neighbouring layer&rsquo;s compute by the paper&rsquo;s rule
            above. Pipeline parallelism with stages 2 and 3 is modelled though DeepSpeed does not offer it.
          </li>
          <li>
            <strong>Precision.</strong> FP8 follows Transformer Engine&rsquo;s common recipe: the
            layer&rsquo;s projections and MLP GEMMs run at the system&rsquo;s FP8 rate (the bf16 rate when it
            has no FP8 tensor cores) and save their inputs for the backward in 1 byte. Attention, softmax,
            norms, activations, the router, embedding and LM head stay bf16, as do the weights, the
            optimizer&rsquo;s fp32 master weights and moments, and all communication (tensor-parallel
            activations, data-parallel gradients). FLOPs are counted as before, so MFU stays against the bf16
            peak.
          </li>
          <li>
            <strong>Interleaved 1F1B.</strong> With <var>v</var> virtual stages per GPU (<var>v</var> divides
            the layers per stage) the bubble is (<var>pp</var> − 1)/(<var>v</var> · <var>m</var>) of the
            pipeline time, each micro-batch crosses <var>v</var> times as many stage boundaries, and the first
            stage keeps 1 + (<var>pp</var> − 1)/(<var>pp</var> · <var>v</var>) times the activations of 1F1B
            (Narayanan et al., SC21).
          </li>
          <li>
            <strong>Optimizer bytes per parameter.</strong> 12 by default (fp32 master weights, momentum and
            variance: the paper&rsquo;s 6 × the bf16 weights); the optimizer states are this many bytes per
            parameter, sharded as the ZeRO stage says.
          </li>
        </ul>
      </section>

      <section>
        <h3>The search</h3>
        <p>
          For each GPU count the search visits every candidate, exactly the reference&rsquo;s candidate space:
        </p>
        <ul>
          <li>
            <var>tp1</var> divides the GPU count, <var>h</var> and <var>e</var>; <var>tp2</var> divides what
            is left (and <var>e</var>, for SUMMA); <var>pp</var> divides the depth and what is left;{' '}
            <var>dp</var> takes the rest and must divide {B};
          </li>
          <li>
            <var>b</var> divides {B}/<var>dp</var>, with <var>b</var>·<var>l</var> divisible by the GPUs that
            split the sequence (<var>tp1</var> in 1D, <var>tp2</var> in SUMMA, <var>tp1</var>·<var>tp2</var>{' '}
            for context parallelism);
          </li>
          <li>
            shards narrower than 128 elements are skipped (3<var>e</var>/<var>tp1</var> in 1D; <var>e</var>/
            <var>tp1</var> and <var>l</var>/<var>tp2</var> in 2D);
          </li>
          <li>
            SUMMA panels {nb} = max(<var>tp1</var>, <var>tp2</var>)·2<sup>i</sup>, those that divide{' '}
            <var>e</var> into panels at least 512 columns wide (or only the first when even it is narrower);
          </li>
          <li>
            placements: if the whole job fits in one NVLink domain, every group is inside it; otherwise every
            way to fill a domain of <var>NVS</var> GPUs with factors of the four group sizes. Not in the
            paper: when no such factors exist (power-of-two groups in a 72-GPU rack, odd groups in a domain of
            8), the groups fill as much of the domain as they can: every way to write the largest <var>M</var>{' '}
            &lt; <var>NVS</var> that factors into shares of the groups, tensor-parallel first. The rest of
            each group crosses domains over InfiniBand, and <var>NVS</var> − <var>M</var> GPUs per domain stay
            idle. The paper&rsquo;s systems at its GPU counts always have an exact fill, so their results are
            unchanged.
          </li>
          <li>
            GPU counts (not in the paper): any whole number. The explorer searches the range&rsquo;s ends, the
            powers of two between them, each system&rsquo;s NVLink domain times powers of two (72, 144, 288
            &hellip;) and one count typed in &ldquo;GPU count detailed&rdquo;. Where nothing fits, the summary
            says which rule (heads, hidden size, shard width, panels, layers, batch, sequence shards,
            placement, memory) removed every candidate and what to change.
          </li>
        </ul>
        <p>
          Candidates whose memory exceeds HBM capacity are dropped; the rest are ranked by throughput (ties:
          less memory first, then the configuration&rsquo;s fields). Parallax evaluates each MLP and attention
          block once per tensor layout and reuses it for every pipeline and data-parallel choice, which
          changes the speed, not the results.
        </p>
      </section>

      <section>
        <h3>Modern architectures (beyond the paper)</h3>
        <p>
          Every field of the model panel&apos;s Architecture group is optional: left at its default it is the
          paper&apos;s model, and the numbers are the reference&apos;s, bit for bit. Below, <var>kv</var> is
          the key/value heads, <var>q</var> the head width (default <var>e</var>/<var>h</var>), <var>V</var>{' '}
          the vocabulary, <var>E</var> the experts, <var>k</var> the experts per token and <var>t</var> ={' '}
          <var>tp1</var>.
        </p>
        <ul>
          <li>
            <strong>Grouped-query attention, head width.</strong> QKV is <var>e</var> × (<var>h</var>·
            <var>q</var> + 2·<var>kv</var>·<var>q</var>), the output projection <var>h</var>·<var>q</var> ×{' '}
            <var>e</var>. Attention FLOPs follow the query heads; K and V memory and their context-parallel
            all-gather (2·<var>b</var>·<var>kv</var>/<var>t</var>·<var>l</var>·<var>q</var> elements) follow
            the key/value heads, which must divide by <var>tp1</var>.
          </li>
          <li>
            <strong>Gated MLPs.</strong> SwiGLU and GeGLU fuse gate and up projections (fc1 is <var>e</var> ×
            2<var>f</var>); the activation keeps both inputs and costs 9 FLOPs per output forward and 15
            backward (GELU: 8 and 13). Squared ReLU: two matrices, 2 and 3 FLOPs. RMSNorm keeps a gain only.
            Biases and dropout can be switched off.
          </li>
          <li>
            <strong>Vocabulary.</strong> The first pipeline stage adds a vocabulary-parallel embedding (
            <var>V</var>/<var>t</var> × <var>e</var> per GPU; a gather and a reduce-scatter forward, a
            scatter-add backward). The last stage adds the final norm, the LM head (<var>e</var> ×{' '}
            <var>V</var>, column-parallel) and the softmax cross-entropy, which keeps its fp32 softmax of{' '}
            <var>b</var>·<var>l</var>·<var>V</var>/<var>t</var> values: at large vocabularies the biggest
            activation of all.
          </li>
          <li>
            <strong>Experts.</strong> A router (<var>e</var> × <var>E</var>, softmax, top-<var>k</var>); a
            dispatch all-to-all over the <var>ep</var> GPUs of each token&apos;s <var>k</var> copies; the
            copies all-gathered over <var>tp1</var>; <var>E</var>/<var>ep</var> experts per GPU,
            tensor-parallel like the dense MLP, balanced routing; the combine all-to-all; an optional shared
            expert. Expert weights and their optimizer states are sharded over <var>ep</var>, which lies
            inside the data-parallel group. The search tries every <var>ep</var> dividing both <var>E</var>{' '}
            and the data-parallel group.
          </li>
          <li>
            <strong>Unequal stages.</strong> The slowest pipeline stage sets the pace: <var>t</var> = max over
            stages of <var>m</var> · (its layers&apos; forward and backward, plus its embedding or head) +{' '}
            <var>t</var>
            <sub>pp</sub>, and the bubble follows it. Memory is the largest stage&apos;s, stage <var>s</var>{' '}
            keeping min(<var>m</var>, <var>pp</var> − <var>s</var>) micro-batches in flight.
          </li>
          <li>
            <strong>Parameters, tokens/s, MFU.</strong> MFU is model FLOPs per second per GPU over the peak
            matrix rate, counting 6 × (active parameters − the input embedding) + 12·<var>L</var>·<var>l</var>
            ·<var>h</var>·<var>q</var> FLOPs per token: full (non-causal) attention as the paper counts it,
            recomputation excluded.
          </li>
        </ul>
      </section>

      <PresetSources />

      <section>
        <h3>Comparing models</h3>
        <p>
          The <em>Compare models</em> view puts two to four models side by side on the system being edited:
          presets, or the model of the Model panel (&ldquo;current model&rdquo;). Each model is searched over
          the GPU range exactly as the explorer searches one, and the view shows what the search found:
          overlaid scaling curves; at one GPU count (click the scaling chart to pick it) the fastest
          configuration&rsquo;s step time by part and memory per GPU by kind; and a table of parameters, the
          fewest GPUs at which the model fits, the fastest configuration, throughput, time and memory parts,
          and the data-parallel traffic per GPU per step: the weights it holds, all-gathered before the
          forward, plus their gradients, reduce-scattered after the backward.
        </p>
        <p>
          Slim architectures are the use this view was built for. Herranz-Celotti &amp; Rrapaj{' '}
          <a href="https://arxiv.org/abs/2305.10991">(arXiv 2305.10991)</a> report that their Anthe
          translation Transformer (gated attention, tensor-chain layers, a hierarchical embedding) matches or
          beats a baseline on WMT14 with about three times fewer parameters. That claim is about quality, and
          Parallax does not model quality: it computes cost. What it can show is what fewer parameters buy
          when the FLOPs barely change: smaller weights, gradients and optimizer states, less data-parallel
          traffic, fewer GPUs to fit, and the step time that follows. Judge the two separately.
        </p>
      </section>

      <section>
        <h3>Encoder-decoder models and Anthe (beyond the paper)</h3>
        <p>
          <strong>What the paper claims.</strong> Herranz-Celotti &amp; Rrapaj,{' '}
          <em>Less is More! A slim architecture for optimal language translation</em> (arXiv 2305.10991),
          report that Anthe — KgV gating, tensor chains and H-SoftPOS on a translation Transformer — gives on
          the WMT14 English-German validation set a threefold lower perplexity than the baseline Transformer
          with about three times fewer parameters, still 21% lower perplexity with up to seven times fewer,
          and on the seven WMT17 language pairs a lower test loss with half the parameters. Those are the
          paper&apos;s measurements of translation quality; Parallax does not model quality.
        </p>
        <p>
          <strong>What Parallax computes.</strong> The cost of training such a model: parameters, memory per
          GPU, communication and step time, so that what a model with a fraction of the parameters but nearly
          the same FLOPs buys can be read at any scale. The presets are the official code&apos;s (github.com/
          LuCeHe/anthe_official): <code>transformer-wmt14</code> (its <code>sameemb_projectoutput</code>{' '}
          Transformer, 60.5 M parameters as its layers are built) and <code>anthe-wmt14</code> (30.7 M: its
          separate H-SoftPOS embeddings and untied output layer keep 24.8 M of them). The &ldquo;Anthe-style
          (slim)&rdquo; switch applies the same options to any model.
        </p>
        <ul>
          <li>
            <strong>Encoder-decoder.</strong> The first encoder layers of the <var>L</var> run on the source
            length, the rest (the decoder) on <var>l</var>, each adding a cross-attention (Q from the decoder;
            K and V from the encoder&apos;s output, projected and, under tensor or context parallelism,
            gathered like the decoder&apos;s own tokens). The pipeline runs the encoder layers first, then the
            decoder layers, <var>L</var>/<var>pp</var> per stage; the first stage embeds both streams, and
            every stage boundary carries both (the target embeddings through the encoder stages, the
            encoder&apos;s output through the decoder stages).
          </li>
          <li>
            <strong>Tensor chains.</strong> A weight stored as 2–4 cores, factorising its input and output
            widths and solving for the bond that gives the target ratio, as the official code does. Each GPU
            holds the cores whole (replicated under tensor parallelism) and rebuilds its own shard of the
            weight before the matmul, forward and again backward (nothing kept), then contracts the weight
            gradient into the cores&apos; gradients, all-reduced over the tensor-parallel group. So weights,
            gradients, optimizer states and the data-parallel traffic shrink with the cores; the matmuls&apos;
            FLOPs do not, and the rebuild adds its own.
          </li>
          <li>
            <strong>KgV.</strong> The value projection&apos;s input is gated by sigmoid(<var>W</var>
            <sub>q</sub>·<var>x</var>): no parameters, an element-wise sigmoid and product, one activation
            more; under 1D tensor parallelism the gate (sharded by heads) is all-gathered.
          </li>
          <li>
            <strong>H-SoftPOS.</strong> A vocabulary table of <var>e</var> − (2<var>n</var> − 1)·
            <var>e</var>/(2<var>n</var>) columns at <var>n</var> levels (a quarter of <var>e</var> at 2),
            causal convolutions and soft positions filling the rest, on each GPU&apos;s tokens.
          </li>
        </ul>
      </section>

      <AboutEfficiency />

      <section>
        <h3>Assumptions and what is not modelled</h3>
        <ul>
          <li>
            Every kernel runs at a constant 0.8 of peak FLOP/s, whatever its shape, and pays a fixed 20 µs;
            HBM and network run at the stated effective bandwidths.
          </li>
          <li>
            Each layer is one kernel, with no fusion except FlashAttention and no cache reuse between layers.
            Tensor-parallel collectives do not overlap compute except in SUMMA; pipeline sends are not
            overlapped.
          </li>
          <li>No activation recomputation except inside FlashAttention; no offloading.</li>
          <li>The bias-gradient all-reduce is ignored (assumed hidden).</li>
          <li>
            In the paper&apos;s model (no vocabulary set), no embedding, vocabulary projection or loss layers,
            in time or memory; the optimizer step&rsquo;s time is not counted.
          </li>
          <li>
            Experts are routed evenly (no imbalance, no dropped tokens) and share tensor parallelism with the
            dense layers.
          </li>
          <li>
            1F1B pipeline with layers split evenly; no interleaved (virtual-stage) or zero-bubble schedules.
          </li>
          <li>
            Two network tiers only: no congestion, no contention between groups communicating at once, no tree
            or in-network reductions, no topology beyond NVLink domains joined by InfiniBand.
          </li>
          <li>
            Memory is weights, gradients, optimizer states and activations: no workspace, communication
            buffers, fragmentation or framework overhead. Weights and gradients are held in full on every
            data-parallel replica; only optimizer states are sharded.
          </li>
          <li>bf16 elements throughout, 1-byte dropout masks, fp32 optimizer states.</li>
          <li>
            A slip in the reference&rsquo;s 2D layer norm is kept so results match: its local width is{' '}
            <var>l</var>/<Sym v="m" sub="1" /> instead of <var>e</var>/<Sym v="m" sub="1" />, which affects
            its counts and the pipeline message size in 2D SUMMA.
          </li>
          <li>
            The reference&rsquo;s candidate filters are kept: shards narrower than 128 elements are skipped
            and SUMMA panels are at least 512 columns wide.
          </li>
        </ul>
      </section>

      <section>
        <h3>Faithfulness to the reference</h3>
        <p>
          Each estimator mirrors a class of the reference implementation, keeping its integer divisions and
          its order of floating-point operations. Parallax reproduces the reference&rsquo;s numbers:
        </p>
        <ul>
          <li>
            all 400 golden single-configuration cases (three strategies, fused and unfused attention, several
            systems): every per-layer row, communication row and step total, bit for bit;
          </li>
          <li>
            all 27 published GPT3-1T search outputs (A100, H200, B200; NVLink domains of 4, 8 and 64 GPUs;
            three strategies; 4 to 16,384 GPUs): the top throughputs (up to ten) at every GPU count, in order,
            and a best configuration among those the reference ranks first.
          </li>
        </ul>
        <p>
          The search is exhaustive over the same candidate space. The reference&rsquo;s optional mode that
          reads measured NCCL bandwidths is not implemented; its published results do not use it.
        </p>
      </section>

      <section>
        <h3>Credits</h3>
        <p>
          The model is from Shashank Subramanian, Ermal Rrapaj, Peter Harrington, Smeet Chheda, Steven
          Farrell, Brian Austin, Samuel Williams, Nicholas Wright and Wahid Bhimji,{' '}
          <a href={PAPER_URL}>
            &ldquo;Comprehensive Performance Modeling and System Design Insights for Foundation Models&rdquo;,
            arXiv:2410.00273
          </a>{' '}
          (2024). Their reference implementation is{' '}
          <a href={REFERENCE_URL}>ShashankSubramanian/transformer-perf-estimates</a> (BSD-3-Clause).
          Parallax&rsquo;s code is an independent TypeScript implementation of the model, checked against the
          reference&rsquo;s outputs.
        </p>
      </section>
    </article>
  );
}
