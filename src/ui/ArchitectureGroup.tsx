/**
 * The model's architecture beyond the paper's five figures: attention heads' shape, the MLP, norms,
 * vocabulary, experts, an encoder, and Anthe's slim options. Collapsed while the model is the paper's architecture, so the panel stays short;
 * a model that is not (a modern preset, a link) opens it, so what differs from the paper is on screen.
 */
import { Fragment, useId, useMemo, useState, type ReactNode } from 'react';
import { FieldGroup } from './FieldGroup.tsx';
import { isSlim } from '../model/anthe.ts';
import {
  architecture,
  isPaperArchitecture,
  MLP_KINDS,
  NORM_KINDS,
  type MlpKind,
  type MoeSpec,
  type NormKind,
  TC_LENGTHS,
  type TensorChain,
  type TensorChains,
} from '../model/spec.ts';
import { divisors } from '../search/enumerate.ts';
import { useApp, useAppStore, useIssues } from '../state/react.ts';
import { setModelField, setSlim } from '../state/store.ts';
import { SliderField } from './SliderField.tsx';
import { INTEGERS, multiplesOf, oneOf } from './validValues.ts';

export const MLP_LABELS: Record<MlpKind, string> = {
  gelu: 'GELU (two matrices, the paper)',
  swiglu: 'SwiGLU (three matrices)',
  geglu: 'GeGLU (three matrices)',
  relu2: 'Squared ReLU (two matrices)',
};

export const NORM_LABELS: Record<NormKind, string> = {
  layernorm: 'LayerNorm (gain and bias, the paper)',
  rmsnorm: 'RMSNorm (gain only)',
};

/** 0 (none), then powers of two: the slider's stops; any other value can be typed. */
const ZERO_AND_POWERS = (maxExp: number, minExp = 0) => [
  0,
  ...Array.from({ length: maxExp - minExp + 1 }, (_, i) => 2 ** (minExp + i)),
];
const VOCAB_STOPS = ZERO_AND_POWERS(20, 10);
const EXPERT_STOPS = ZERO_AND_POWERS(12, 1);
const ENCODER_STOPS = ZERO_AND_POWERS(8);

/**
 * A model's first experts: one routed expert as wide as the dense MLP, no shared expert, no dense layers
 * — the smallest step from a dense model, which the other expert fields then shape.
 */
const firstExperts = (experts: number, f: number): MoeSpec => ({
  experts,
  topK: 1,
  expertF: f,
  sharedExpertF: 0,
  denseLayers: 0,
});

const MODEL_ISSUES = ['model.'];

export function ArchitectureGroup() {
  const store = useAppStore();
  // Only what the group shows: an edit to the system or the GPU counts does not render it again.
  const model = useApp((s) => s.inputs.model);
  const issues = useIssues(MODEL_ISSUES);
  const arch = architecture(model);
  const paper = isPaperArchitecture(model);
  const [open, setOpen] = useState(!paper);
  // Leaving the paper's architecture opens the group (state adjusted during render, not in an effect).
  const [wasPaper, setWasPaper] = useState(paper);
  if (paper !== wasPaper) {
    setWasPaper(paper);
    if (!paper) setOpen(true);
  }
  // Key/value heads walk the divisors of the heads, so the slider lands on a grouping that exists.
  const kvChoices = useMemo(
    () => (Number.isInteger(model.h) && model.h > 0 && model.h <= 1 << 16 ? divisors(model.h) : []),
    [model.h],
  );
  const moe = arch.moe;
  const setMoe = <K extends keyof MoeSpec>(field: K, value: MoeSpec[K]) => {
    if (moe) setModelField(store, 'moe', { ...moe, [field]: value });
  };

  return (
    <FieldGroup
      name="Architecture"
      note={paper ? ' (the paper’s)' : ''}
      open={open}
      onToggle={() => setOpen(!open)}
    >
      <SliderField
        label="Key/value heads"
        value={arch.kvHeads}
        onChange={(v) => setModelField(store, 'kvHeads', v)}
        min={1}
        max={1 << 16}
        valid={oneOf(kvChoices)}
        error={issues['model.kvHeads']}
        hint="Grouped-query attention: equal to the heads is multi-head, 1 is multi-query"
      />
      <SliderField
        label="Head width (dimensions per head)"
        value={arch.headDim}
        onChange={(v) => setModelField(store, 'headDim', v)}
        min={8}
        max={4096}
        scale="log"
        valid={multiplesOf(8)}
        error={issues['model.headDim']}
        hint="Embedding ÷ heads unless set"
      />
      <ChoiceField
        label="MLP activation"
        value={arch.mlp}
        options={MLP_KINDS}
        labels={MLP_LABELS}
        onChange={(v) => setModelField(store, 'mlp', v)}
        error={issues['model.mlp']}
      />
      <ChoiceField
        label="Normalization"
        value={arch.norm}
        options={NORM_KINDS}
        labels={NORM_LABELS}
        onChange={(v) => setModelField(store, 'norm', v)}
        error={issues['model.norm']}
      />
      <CheckField
        label="Bias vectors (MLP and attention output)"
        checked={arch.bias}
        onChange={(v) => setModelField(store, 'bias', v)}
        error={issues['model.bias']}
      />
      <CheckField
        label="Dropout"
        checked={arch.dropout}
        onChange={(v) => setModelField(store, 'dropout', v)}
        error={issues['model.dropout']}
      />
      <SliderField
        label="Vocabulary (tokens, 0 = none)"
        value={arch.vocab}
        onChange={(v) => setModelField(store, 'vocab', v)}
        min={0}
        max={1 << 22}
        valid={oneOf(VOCAB_STOPS)}
        error={issues['model.vocab']}
        hint="Adds the input embedding, the LM head and the loss"
      />
      <CheckField
        label="Tied input and output embeddings"
        checked={arch.tiedEmbeddings}
        onChange={(v) => setModelField(store, 'tiedEmbeddings', v)}
        error={issues['model.tiedEmbeddings']}
        disabled={arch.vocab === 0 || arch.hsoftpos > 0}
        hint={
          arch.hsoftpos > 0
            ? 'Not with H-SoftPOS: its table is narrower than the model, so the output layer has its own weights'
            : undefined
        }
      />
      <CheckField
        label="Anthe-style (slim)"
        checked={isSlim(model)}
        onChange={(v) => setSlim(store, v)}
        error={undefined}
      />
      <CheckField
        label="KgV gate in attention"
        checked={arch.kgv}
        onChange={(v) => setModelField(store, 'kgv', v)}
        error={issues['model.kgv']}
      />
      <TensorChainFields />
      <SliderField
        label="H-SoftPOS levels (0 = plain embedding)"
        value={model.hsoftpos ?? 0}
        onChange={(v) => setModelField(store, 'hsoftpos', v === 0 ? undefined : v)}
        min={0}
        max={16}
        scale="linear"
        valid={INTEGERS}
        error={issues['model.hsoftpos']}
        hint="Anthe's hierarchical embedding; needs a vocabulary"
      />
      <SliderField
        label="Encoder layers (0 = decoder only)"
        value={model.encoder?.depth ?? 0}
        onChange={(v) =>
          setModelField(
            store,
            'encoder',
            v === 0 ? undefined : { l: model.l, sharedEmbeddings: false, ...model.encoder, depth: v },
          )
        }
        min={0}
        max={Math.max(1, model.depth)}
        valid={oneOf(ENCODER_STOPS)}
        error={issues['model.encoder.depth'] ?? issues['model.encoder']}
        hint="The first of the layers form the encoder; the rest, the decoder, add cross-attention"
      />
      {model.encoder && model.encoder.depth > 0 ? (
        <>
          <SliderField
            label="Source length (tokens)"
            value={model.encoder.l}
            onChange={(v) => model.encoder && setModelField(store, 'encoder', { ...model.encoder, l: v })}
            min={1}
            max={1 << 20}
            scale="log"
            valid={INTEGERS}
            error={issues['model.encoder.l']}
          />
          <CheckField
            label="One embedding for source and target"
            checked={model.encoder.sharedEmbeddings}
            onChange={(v) =>
              model.encoder && setModelField(store, 'encoder', { ...model.encoder, sharedEmbeddings: v })
            }
            error={issues['model.encoder.sharedEmbeddings']}
          />
        </>
      ) : null}
      <SliderField
        label="Experts (0 = dense MLP)"
        value={moe?.experts ?? 0}
        onChange={(v) =>
          setModelField(
            store,
            'moe',
            v === 0 ? undefined : moe ? { ...moe, experts: v } : firstExperts(v, model.f),
          )
        }
        min={0}
        max={1 << 16}
        valid={oneOf(EXPERT_STOPS)}
        error={issues['model.moe.experts'] ?? issues['model.moe']}
      />
      {moe ? (
        <>
          <SliderField
            label="Experts per token (top-k)"
            value={moe.topK}
            onChange={(v) => setMoe('topK', v)}
            min={1}
            max={Math.max(2, moe.experts)}
            scale="linear"
            valid={INTEGERS}
            error={issues['model.moe.topK']}
          />
          <SliderField
            label="Expert MLP hidden dimension"
            value={moe.expertF}
            onChange={(v) => setMoe('expertF', v)}
            min={64}
            max={524288}
            scale="log"
            valid={multiplesOf(64)}
            error={issues['model.moe.expertF']}
          />
          <SliderField
            label="Shared expert hidden dimension (0 = none)"
            value={moe.sharedExpertF}
            onChange={(v) => setMoe('sharedExpertF', v)}
            min={0}
            max={65536}
            scale="linear"
            valid={multiplesOf(64)}
            error={issues['model.moe.sharedExpertF']}
          />
          <SliderField
            label="Leading dense layers"
            value={moe.denseLayers}
            onChange={(v) => setMoe('denseLayers', v)}
            min={0}
            max={Math.max(1, model.depth)}
            scale="linear"
            valid={INTEGERS}
            error={issues['model.moe.denseLayers']}
            hint="The first layers keep the dense MLP (hidden dimension f)"
          />
        </>
      ) : null}
    </FieldGroup>
  );
}

/** The layer families a tensor chain can replace, in the order of the official options. */
const TC_FAMILIES: readonly { key: keyof TensorChains; label: string; hint: string }[] = [
  { key: 'ffn', label: 'MLP', hint: "The MLP's matrices (the official tcffn)" },
  { key: 'attn', label: 'attention projections', hint: 'The Q, K and V projections (tcpreatt)' },
  { key: 'embed', label: 'embedding table', hint: 'The input embedding table (tcemb); needs a vocabulary' },
  { key: 'head', label: 'output layer', hint: 'The LM head (needs a vocabulary, untied embeddings)' },
];
/** The slider's stops: the ratios of the paper's runs and a spread around them; any other can be typed. */
const TC_RATIOS = [0, 0.005, 0.01, 0.02, 0.05, 0.07, 0.1, 0.2, 0.3, 0.5];
const LENGTH_LABELS = Object.fromEntries(TC_LENGTHS.map((n) => [String(n), `${n} cores`])) as Record<
  string,
  string
>;

/**
 * Anthe's tensor chains per layer family: a ratio (the chain's parameters over the dense matrix's, 0 = a
 * dense matrix) and a chain length. A new chain starts at length 2, the official default.
 */
function TensorChainFields() {
  const store = useAppStore();
  const tc = useApp((s) => s.inputs.model.tc);
  const issues = useIssues(MODEL_ISSUES);
  const chains = tc ?? {};
  const set = (family: keyof TensorChains, chain: TensorChain | undefined) => {
    const next: Record<string, TensorChain> = { ...chains };
    if (chain) next[family] = chain;
    else delete next[family];
    setModelField(store, 'tc', Object.keys(next).length > 0 ? next : undefined);
  };
  return (
    <>
      {TC_FAMILIES.map(({ key, label, hint }) => {
        const chain = chains[key];
        return (
          <Fragment key={key}>
            <SliderField
              label={`Tensor chain, ${label} (ratio, 0 = dense)`}
              value={chain?.ratio ?? 0}
              onChange={(v) => set(key, v === 0 ? undefined : { length: 2, ...chain, ratio: v })}
              min={0}
              max={0.99}
              valid={oneOf(TC_RATIOS)}
              error={issues[`model.tc.${key}.ratio`] ?? issues[`model.tc.${key}`]}
              hint={hint}
            />
            {chain ? (
              <ChoiceField
                label={`Tensor chain length, ${label}`}
                value={String(chain.length)}
                options={TC_LENGTHS.map(String)}
                labels={LENGTH_LABELS}
                onChange={(v) => set(key, { ...chain, length: Number(v) as TensorChain['length'] })}
                error={issues[`model.tc.${key}.length`]}
              />
            ) : null}
          </Fragment>
        );
      })}
    </>
  );
}

/** A labelled error line under a control, tied to it for assistive technology. */
function FieldError({ id, error }: { readonly id: string; readonly error: string | undefined }) {
  return error ? (
    <p className="field-error" id={id} role="alert">
      {error}
    </p>
  ) : null;
}

function ChoiceField<T extends string>(p: {
  readonly label: string;
  readonly value: T;
  readonly options: readonly T[];
  readonly labels: Record<T, string>;
  readonly onChange: (value: T) => void;
  readonly error: string | undefined;
}) {
  const id = useId();
  return (
    <div className={`field${p.error ? ' field-invalid' : ''}`}>
      <label className="field-label" htmlFor={id}>
        {p.label}
      </label>
      <select
        id={id}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value as T)}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={p.error ? `${id}-error` : undefined}
      >
        {p.options.map((o) => (
          <option key={o} value={o}>
            {p.labels[o]}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} error={p.error} />
    </div>
  );
}

function CheckField(p: {
  readonly label: ReactNode;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
  readonly error: string | undefined;
  readonly disabled?: boolean;
  /** Why the box is as it is, under it (the error's place when there is one). */
  readonly hint?: string | undefined;
}) {
  const id = useId();
  const hint = !p.error && p.hint;
  return (
    <>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={p.checked}
          disabled={p.disabled}
          onChange={(e) => p.onChange(e.target.checked)}
          aria-invalid={p.error ? true : undefined}
          aria-describedby={p.error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        />
        {p.label}
      </label>
      <FieldError id={`${id}-error`} error={p.error} />
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
    </>
  );
}
