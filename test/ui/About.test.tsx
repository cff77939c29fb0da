// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PRODUCT_SYSTEM_IDS, SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import { About } from '../../src/ui/About.tsx';

afterEach(cleanup);

/** The article's text with whitespace collapsed, as a reader sees it. */
function articleText(): string {
  const article = screen.getByRole('article', { name: 'About the model' });
  return (article.textContent ?? '').replace(/\s+/g, ' ');
}

describe('About', () => {
  it('is an article labelled by its heading', () => {
    render(<About />);
    const heading = screen.getByRole('heading', { level: 2, name: 'About the model' });
    const article = screen.getByRole('article', { name: 'About the model' });
    expect(article.getAttribute('aria-labelledby')).toBe(heading.id);
  });

  it('has the main sections', () => {
    render(<About />);
    const sections = screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(sections).toEqual([
      'How it works',
      'Symbols',
      'Counting each layer',
      'Time of a layer',
      'Collectives',
      'SUMMA overlap',
      'A training step',
      'Training settings',
      'The search',
      'Modern architectures (beyond the paper)',
      'Hardware presets',
      'Comparing models',
      'Encoder-decoder models and Anthe (beyond the paper)',
      'Efficiency and calibration (beyond the paper)',
      'Assumptions and what is not modelled',
      'Faithfulness to the reference',
      'Credits',
    ]);
  });

  it('keeps the slim paper’s quality claim apart from what Parallax computes', () => {
    render(<About />);
    const section = screen.getByRole('heading', { level: 3, name: 'Comparing models' }).closest('section')!;
    expect(section.textContent).toMatch(/Parallax does not model quality: it computes cost/);
    expect([...section.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toContain(
      'https://arxiv.org/abs/2305.10991',
    );
  });

  it('keeps the Anthe paper’s claims apart from what Parallax computes', () => {
    render(<About />);
    const section = screen.getByRole('heading', { name: /Anthe/ }).parentElement!;
    expect(section.textContent).toMatch(
      /What the paper claims\..*arXiv 2305\.10991.*Parallax does not model quality/s,
    );
    expect(section.textContent).toMatch(/What Parallax computes\./);
  });

  it('links the paper and the reference implementation', () => {
    render(<About />);
    const hrefs = screen.getAllByRole('link').map((a) => a.getAttribute('href'));
    expect(hrefs).toContain('https://arxiv.org/abs/2410.00273');
    expect(hrefs).toContain('https://github.com/ShashankSubramanian/transformer-perf-estimates');
    const credits = screen.getByRole('link', { name: 'ShashankSubramanian/transformer-perf-estimates' });
    expect(credits.getAttribute('href')).toBe(
      'https://github.com/ShashankSubramanian/transformer-perf-estimates',
    );
  });

  it('states the time model and its constants', () => {
    render(<About />);
    const text = articleText();
    expect(text).toContain('tlayer = max(tcomp, tmem) + tcomm');
    expect(text).toContain('tcomp = 20 µs + FLOPs / (0.8 × peak FLOP/s)');
    expect(text).toContain('max(tmem − tcomp, 0)');
    expect(text).toContain('(n − 1)/n for all-gather, reduce-scatter and all-reduce');
    expect(text).toContain('× 2 for all-reduce');
    expect(text).toContain('tpanel + max(nb·tpanel − max(tcomp, tmem), 0)');
  });

  it('states the step totals and memory', () => {
    render(<About />);
    const text = articleText();
    expect(text).toContain('t = (tfwd + tbwd) · m · L/pp + tpp');
    expect(text).toContain('tbubble = (pp − 1) · t/m');
    expect(text).toContain('6 · W/(dp · cp)');
    expect(text).toContain('min(m, pp)');
    expect(text).toContain('1F1B');
  });

  it('explains each layer beyond the paper with its formula', () => {
    render(<About />);
    const text = articleText();
    for (const phrase of [
      'Grouped-query attention',
      'SwiGLU and GeGLU',
      'softmax cross-entropy',
      'dispatch all-to-all',
      'slowest pipeline stage sets the pace',
      '12·L·l·h·q',
    ])
      expect(text).toContain(phrase);
  });

  it('is honest about assumptions and fidelity quirks', () => {
    render(<About />);
    const text = articleText();
    for (const phrase of [
      'constant 0.8 of peak',
      'fixed 20 µs',
      'No activation recomputation except inside FlashAttention',
      'bias-gradient all-reduce is ignored',
      'Experts are routed evenly',
      'no interleaved',
      'optimizer step’s time is not counted',
      'l/m1 instead of e/m1',
      'narrower than 128 elements',
      'at least 512 columns',
      'charged one pass',
      'cost nothing',
      'all 400 golden single-configuration cases',
      'bit for bit',
      'all 27 published GPT3-1T search outputs',
      'BSD-3-Clause',
      'independent TypeScript implementation',
    ]) {
      expect(text).toContain(phrase);
    }
  });

  it('defines every symbol with its unit', () => {
    render(<About />);
    const table = screen.getByRole('table', { name: /^Symbols/ });
    const rows = Array.from(table.querySelectorAll('tbody tr')).map((r) =>
      Array.from(r.querySelectorAll('td')).map((c) => c.textContent),
    );
    const symbols = rows.map((r) => r[0]);
    for (const s of [
      'b',
      'l',
      'e',
      'f',
      'h',
      'depth, L',
      'dp',
      'tp1, m1',
      'tp2, m2',
      'pp',
      'm',
      'nb',
      'NVS',
    ]) {
      expect(symbols).toContain(s);
    }
    for (const r of rows) expect(r[2]).toMatch(/\S/);
  });

  it('shows every product preset figure by figure, each with its source document or its assumption', () => {
    render(<About />);
    for (const id of PRODUCT_SYSTEM_IDS) {
      const table = screen.getByTestId(`preset-sources-${id}`);
      const rows = [...table.querySelectorAll('tbody tr')];
      expect(rows.length, id).toBe(14);
      for (const row of rows) {
        const source = row.querySelector('td:last-child');
        const link = source?.querySelector('a');
        if (link) expect(link.getAttribute('href')).toMatch(/^https:\/\//);
        else expect(source?.textContent).toMatch(/^Assumption: .{20,}/);
      }
      expect(table.textContent).toContain(String(SYSTEM_PRESETS[id].spec.hbm_capacity));
    }
    expect(screen.getByTestId('preset-sources-gb200-nvl72').textContent).toMatch(
      /Scale-up domain \(GPUs\)72/,
    );
  });
});
