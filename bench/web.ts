/**
 * Benchmark: the web platform with a 1,000,000-row CSV.
 *
 *   npm run bench -- web [--rows N] [--keep]
 *
 * Starts the platform as `npm start` does (built web app + one worker) on a free port with a fresh
 * database and DATA_DIR, uploads a generated CSV through POST /api/datasets (multipart, streamed,
 * progress printed), waits for the worker's profile, then times the first preview page
 * (GET /api/datasets/:id/rows). The web process' RSS (next-server) is sampled every 50 ms and its
 * peak (VmHWM) read at the end. Targets: peak RSS < 500 MB; first preview page < 1 s.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatform, type Platform } from '../e2e/support/platform.js';
import { writeResults } from './lib/results.js';
import { formatTable } from './lib/table.js';
import { seededRandom } from './lib/random.js';

const targets = { peak_rss_mb: 500, first_preview_ms: 1000 };

async function writeCsv(file: string, rows: number): Promise<void> {
  const random = seededRandom(7);
  const out = createWriteStream(file);
  const colors = ['red', 'green', 'blue', 'amber'];
  out.write('id,x1,x2,color,amount,note,label\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const x1 = random() * 4 - 2, x2 = random() * 4 - 2, c = colors[Math.floor(random() * 4)];
    chunk += `${i},${x1.toFixed(4)},${x2.toFixed(4)},${c},${(random() * 1000).toFixed(2)},"note ${i % 97}",${x1 - x2 > 0 ? 'yes' : 'no'}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'close');
}

/** The next-server process under `npm start`'s process. */
function webPid(platform: Platform): number {
  const out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(platform.process.pid)], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.includes('next-server'));
  if (!line) throw new Error(`no next-server under ${platform.process.pid}: ${out}`);
  return Number(line.trim().split(/\s+/)[0]);
}

const statusKb = (pid: number, field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

/** Streams the file as multipart/form-data with a known Content-Length, printing progress. */
function upload(url: string, key: string, file: string): Promise<{ status: number; body: string }> {
  const boundary = `----overture${Date.now()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nbench 1M\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.csv"\r\nContent-Type: text/csv\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = statSync(file).size;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + size + tail.length },
    }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.write(head);
    let sent = 0, nextReport = 0.1;
    const stream = createReadStream(file, { highWaterMark: 1 << 20 });
    stream.on('data', (chunk) => {
      sent += chunk.length;
      if (sent / size >= nextReport) {
        process.stderr.write(`  uploaded ${Math.round((sent / size) * 100)}% (${(sent / 2 ** 20).toFixed(0)} MB)\n`);
        nextReport += 0.1;
      }
      if (!req.write(chunk)) {
        stream.pause();
        req.once('drain', () => stream.resume());
      }
    });
    stream.on('end', () => req.end(tail));
    stream.on('error', reject);
  });
}

async function getJson(url: string, key: string): Promise<any> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--rows');
  const rows = at === -1 ? 1_000_000 : Number(args[at + 1]);
  const keep = args.includes('--keep');
  const work = await mkdtemp(join(tmpdir(), 'overture-bench-web-'));
  const csv = join(work, 'bench.csv');
  process.stderr.write(`writing ${rows.toLocaleString('en')} rows…\n`);
  await writeCsv(csv, rows);
  const csvBytes = statSync(csv).size;
  process.stderr.write('starting the platform (npm start: web + worker)…\n');
  const platform = await startPlatform('bench');
  let peakSampledKb = 0;
  let sampler: NodeJS.Timeout | null = null;
  try {
    const pid = webPid(platform);
    const rssAtStartMb = statusKb(pid, 'VmRSS') / 1024;
    sampler = setInterval(() => { peakSampledKb = Math.max(peakSampledKb, statusKb(pid, 'VmRSS')); }, 50);
    const key = platform.bootstrapKey;
    process.stderr.write(`uploading ${(csvBytes / 2 ** 20).toFixed(0)} MB…\n`);
    const t0 = performance.now();
    const uploaded = await upload(`${platform.baseURL}/api/datasets`, key, csv);
    const uploadMs = performance.now() - t0;
    if (uploaded.status !== 201) throw new Error(`upload answered ${uploaded.status}: ${uploaded.body}`);
    const { id } = JSON.parse(uploaded.body) as { id: string };
    process.stderr.write(`uploaded in ${(uploadMs / 1000).toFixed(1)} s; profiling…\n`);
    let detail: any;
    for (;;) {
      detail = await getJson(`${platform.baseURL}/api/datasets/${id}`, key);
      if (detail.status !== 'profiling') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const readyMs = performance.now() - t0;
    if (detail.status !== 'ready') throw new Error(`profiling ${detail.status}: ${detail.error}`);
    const t1 = performance.now();
    const first = await getJson(`${platform.baseURL}/api/datasets/${id}/rows?offset=0&limit=50`, key);
    const firstPreviewMs = performance.now() - t1;
    const repeats: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await getJson(`${platform.baseURL}/api/datasets/${id}/rows?offset=0&limit=50`, key);
      repeats.push(performance.now() - t);
    }
    const t2 = performance.now();
    await getJson(`${platform.baseURL}/api/datasets/${id}/rows?offset=${Math.floor(rows / 2)}&limit=50`, key);
    const middlePreviewMs = performance.now() - t2;
    clearInterval(sampler);
    sampler = null;
    const peakRssMb = Math.max(statusKb(pid, 'VmHWM'), peakSampledKb) / 1024;
    const result = {
      rows, csv_mb: +(csvBytes / 2 ** 20).toFixed(1), upload_s: +(uploadMs / 1000).toFixed(2), upload_mb_per_s: +((csvBytes / 2 ** 20) / (uploadMs / 1000)).toFixed(1),
      upload_to_ready_s: +(readyMs / 1000).toFixed(2), profiled_rows: detail.rowCount, columns: detail.columns.length,
      first_preview_ms: +firstPreviewMs.toFixed(1), preview_median_ms: +repeats.sort((a, b) => a - b)[2].toFixed(1), middle_preview_ms: +middlePreviewMs.toFixed(1),
      web_rss_at_start_mb: +rssAtStartMb.toFixed(0), web_peak_rss_mb: +peakRssMb.toFixed(0), preview_rows: first.rows.length,
    };
    const ok = { peak_rss: result.web_peak_rss_mb < targets.peak_rss_mb, first_preview: result.first_preview_ms < targets.first_preview_ms };
    console.log(formatTable(['measure', 'value', 'target'], [
      ['rows / CSV size', `${rows.toLocaleString('en')} / ${result.csv_mb} MB`, ''],
      ['upload (streamed to DATA_DIR)', `${result.upload_s} s (${result.upload_mb_per_s} MB/s)`, ''],
      ['upload → profile ready', `${result.upload_to_ready_s} s`, ''],
      ['first preview page (50 rows)', `${result.first_preview_ms} ms`, `< ${targets.first_preview_ms} ms ${ok.first_preview ? '✓' : '✗'}`],
      ['preview page, median of 5', `${result.preview_median_ms} ms`, ''],
      [`preview page at row ${Math.floor(rows / 2).toLocaleString('en')}`, `${result.middle_preview_ms} ms`, ''],
      ['web RSS at start', `${result.web_rss_at_start_mb} MB`, ''],
      ['web peak RSS (VmHWM)', `${result.web_peak_rss_mb} MB`, `< ${targets.peak_rss_mb} MB ${ok.peak_rss ? '✓' : '✗'}`],
    ], ['left', 'right', 'left']));
    const file = await writeResults('web', { targets, results: result, pass: ok });
    console.log(`\nwrote ${file}`);
    if (!ok.peak_rss || !ok.first_preview) process.exitCode = 1;
  } finally {
    if (sampler) clearInterval(sampler);
    await platform.stop();
    if (keep) process.stderr.write(`kept ${work}\n`);
    else await rm(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
