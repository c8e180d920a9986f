import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where browser specs save a full-page picture of each step they check (gitignored; kept by the CI checkout). */
export const screenshotsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../screenshots');

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * After a run: one page with every screenshot, by journey and step, so the changed pages can be
 * checked by eye from the CI machine's checkout (`e2e/screenshots/index.html`).
 */
export function writeScreenshotIndex(): string | null {
  if (!existsSync(screenshotsDir)) return null;
  const journeys = readdirSync(screenshotsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const sections = journeys.map((journey) => {
    const shots = readdirSync(path.join(screenshotsDir, journey)).filter((f) => f.endsWith('.png')).sort();
    const figures = shots.map((f) => {
      const src = `${encodeURIComponent(journey)}/${encodeURIComponent(f)}`;
      return `<figure><a href="${src}"><img src="${src}" alt="${escapeHtml(f)}" loading="lazy"></a><figcaption>${escapeHtml(f.replace(/\.png$/, ''))}</figcaption></figure>`;
    });
    return `<h2>${escapeHtml(journey)}</h2>\n<div class="grid">${figures.join('\n')}</div>`;
  });
  const file = path.join(screenshotsDir, 'index.html');
  writeFileSync(file, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Overture e2e screenshots</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}.grid{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0;width:320px}img{width:320px;border:1px solid #ccc}figcaption{font-size:.85rem}</style>
</head><body><h1>Screenshots of the browser specs (${new Date().toISOString()})</h1>
${sections.join('\n')}
</body></html>
`);
  return file;
}
