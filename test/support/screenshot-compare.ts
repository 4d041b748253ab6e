import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

/** How a fresh screenshot compares with the committed one. */
export interface ScreenshotComparison {
  readonly committed: string;
  readonly width: number;
  readonly height: number;
  readonly committedWidth: number;
  readonly committedHeight: number;
  /** Share of pixels that differ beyond pixelmatch's colour threshold (1 when the sizes differ). */
  readonly differing: number;
}

/**
 * Compares a screenshot with the committed copy the README shows: same size, and the share of pixels that differ
 * (pixelmatch, anti-aliasing ignored). `UPDATE_SCREENSHOTS=1` (or a missing copy outside CI) writes the fresh one
 * over the committed one instead, which is how the README's pictures are refreshed when the UI changes.
 */
export function compareWithCommitted(fresh: Buffer, committed: string): ScreenshotComparison {
  const now = PNG.sync.read(fresh);
  if (process.env.UPDATE_SCREENSHOTS === '1' || (!existsSync(committed) && !process.env.CI)) {
    mkdirSync(dirname(committed), { recursive: true });
    writeFileSync(committed, fresh);
  }
  const before = PNG.sync.read(readFileSync(committed));
  const base = {
    committed,
    width: now.width,
    height: now.height,
    committedWidth: before.width,
    committedHeight: before.height,
  };
  if (now.width !== before.width || now.height !== before.height) return { ...base, differing: 1 };
  const changed = pixelmatch(now.data, before.data, undefined, now.width, now.height, { threshold: 0.2 });
  return { ...base, differing: changed / (now.width * now.height) };
}
