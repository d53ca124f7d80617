/**
 * One sweep on the engine test page (engine.html, enginePage.ts) in a browser page: opens it
 * with `params` (backend, model, format, samples, trials, bers, target) and waits for the page's
 * result or error. Shared by the benches that drive the worker in Chromium (bench/sweep.ts,
 * bench/gpu.ts).
 */
import type { Page } from 'playwright-core';
import type { BackendInfo, SweepResult } from '../../src/contract/api';

export interface EnginePageResult {
  info: BackendInfo;
  result: SweepResult;
  /** Whole sweep, first point, first whole curve (ms from the request). */
  ms: number;
  firstMs: number;
  curveMs: number;
}

/** Throws the page's error message when the sweep failed. */
export async function runEnginePage(
  page: Page,
  baseUrl: string,
  params: Record<string, string>,
  timeoutMs: number,
): Promise<EnginePageResult> {
  await page.goto(
    `${baseUrl}e2e/test/e2e/engine.html?${new URLSearchParams({ root: '/', ...params })}`,
  );
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __engineResult?: unknown; __engineError?: string };
      return w.__engineResult !== undefined || w.__engineError !== undefined;
    },
    undefined,
    { timeout: timeoutMs, polling: 1000 },
  );
  const got = await page.evaluate(() => {
    const w = window as unknown as { __engineResult?: unknown; __engineError?: string };
    return { res: w.__engineResult, err: w.__engineError };
  });
  if (!got.res) throw new Error(got.err ?? 'the engine page gave no result');
  return got.res as EnginePageResult;
}
