/**
 * Runs axe-core inside a page and sorts its findings: serious and critical violations fail the journey,
 * the rest are collected for the report (artifacts/axe/<journey>.json).
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { AxeResults, Result } from 'axe-core';

/** axe-core's browser build, for page.addScriptTag or context.addInitScript. */
export const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const BLOCKING = new Set(['serious', 'critical']);

export interface AxeFinding {
  url: string;
  width: number;
  id: string;
  impact: string;
  help: string;
  targets: string[];
  summary: string;
}

function findingsOf(result: Result, url: string, width: number): AxeFinding[] {
  return result.nodes.map((node) => ({
    url,
    width,
    id: result.id,
    impact: node.impact ?? result.impact ?? 'unknown',
    help: result.help,
    targets: node.target.map(String),
    summary: (node.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
  }));
}

/** All axe violations on the page as it is now (WCAG 2.1 A/AA rules plus best practices). */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  // The context bypasses our CSP (script-src 'self') so axe can be injected as an inline script.
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(() => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<AxeResults> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
  });
  const width = page.viewportSize()?.width ?? 0;
  return results.violations.flatMap((v) => findingsOf(v, page.url(), width));
}

export function isBlocking(f: AxeFinding): boolean {
  return BLOCKING.has(f.impact);
}

/** One readable paragraph per finding, for a failing test's message. */
export function describeFindings(findings: AxeFinding[]): string {
  return findings
    .map((f) => `  [${f.impact}] ${f.id}: ${f.help}\n    at ${f.url} (${f.width}px) on ${f.targets.join(', ')}\n    ${f.summary}`)
    .join('\n');
}
