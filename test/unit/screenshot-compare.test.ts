import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { compareWithCommitted } from '../support/screenshot-compare.js';

/** A PNG of `width`×`height`, white, with its left `darkShare` painted black. */
function png(width: number, height: number, darkShare = 0): Buffer {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const v = x < width * darkShare ? 0 : 255;
      image.data[i] = v;
      image.data[i + 1] = v;
      image.data[i + 2] = v;
      image.data[i + 3] = 255;
    }
  return PNG.sync.write(image);
}

describe('the README screenshot comparison', () => {
  const saved = process.env.UPDATE_SCREENSHOTS;
  afterEach(() => {
    if (saved === undefined) delete process.env.UPDATE_SCREENSHOTS;
    else process.env.UPDATE_SCREENSHOTS = saved;
  });

  it('finds no difference in an equal picture, the painted share in a changed one, everything in another size', () => {
    delete process.env.UPDATE_SCREENSHOTS;
    const committed = join(mkdtempSync(join(tmpdir(), 'shipgate-shot-')), 'page.png');
    writeFileSync(committed, png(40, 20));
    expect(compareWithCommitted(png(40, 20), committed).differing).toBe(0);
    expect(compareWithCommitted(png(40, 20, 0.5), committed).differing).toBeCloseTo(0.5, 2);
    expect(compareWithCommitted(png(40, 30), committed)).toMatchObject({
      differing: 1,
      height: 30,
      committedHeight: 20,
    });
  });

  it('writes the fresh picture over the committed one when asked to refresh', () => {
    const committed = join(mkdtempSync(join(tmpdir(), 'shipgate-shot-')), 'page.png');
    writeFileSync(committed, png(40, 20));
    process.env.UPDATE_SCREENSHOTS = '1';
    expect(compareWithCommitted(png(40, 20, 1), committed).differing).toBe(0);
    delete process.env.UPDATE_SCREENSHOTS;
    expect(compareWithCommitted(png(40, 20), committed).differing).toBe(1);
  });
});
