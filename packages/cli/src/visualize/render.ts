import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

export type FileFormat = 'svg' | 'png';

/** One chart a visualization produces: its file stem (Ludwig's names) and its Vega-Lite spec. */
export interface Chart {
  name: string;
  spec: TopLevelSpec;
}

/** PNGs at twice the SVG's CSS size, so text stays sharp on high-density screens. */
const PNG_SCALE = 2;

/**
 * Vega-Lite → Vega → SVG with the headless renderer ('none': no canvas or browser), then
 * resvg for PNG. Text needs a system font: DejaVu Sans (Debian's fonts-dejavu-core) first.
 */
export async function renderChart(spec: TopLevelSpec, format: FileFormat): Promise<Buffer> {
  const compiled = vl.compile({ background: 'white', ...spec } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    if (format === 'svg') return Buffer.from(svg);
    const image = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: PNG_SCALE },
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    }).render();
    return image.asPng();
  } finally {
    view.finalize();
  }
}
