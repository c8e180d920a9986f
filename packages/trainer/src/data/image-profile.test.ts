import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { profileImageColumn } from './image-profile.js';

const dir = mkdtempSync(path.join(tmpdir(), 'image-profile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function picture(width: number, height: number, channels: 1 | 3 | 4, format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  const image = sharp(Buffer.alloc(width * height * channels, 120), { raw: { width, height, channels } });
  return (channels === 1 ? image.toColourspace('b-w') : image).toFormat(format).toBuffer();
}

describe('profileImageColumn', () => {
  it('counts sizes, channels and encodings of the first pictures and keeps thumbnails of the readable ones', async () => {
    writeFileSync(path.join(dir, 'a.png'), await picture(8, 8, 1));
    writeFileSync(path.join(dir, 'b.png'), await picture(8, 8, 1));
    writeFileSync(path.join(dir, 'c.jpg'), await picture(40, 20, 3, 'jpeg'));
    writeFileSync(path.join(dir, 'broken.png'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const uri = `data:image/png;base64,${(await picture(8, 8, 4)).toString('base64')}`;
    const { profile, thumbnails } = await profileImageColumn(['a.png', null, 'b.png', 'c.jpg', 'broken.png', 'missing.png', uri], dir, { thumbnails: 3, thumbnailSize: 32 });
    expect(profile).toEqual({
      sampled: 6, unreadable: 2,
      sizes: [{ width: 8, height: 8, count: 3 }, { width: 40, height: 20, count: 1 }],
      channels: [{ channels: 1, count: 2 }, { channels: 3, count: 1 }, { channels: 4, count: 1 }],
      formats: [{ format: 'png', count: 3 }, { format: 'jpeg', count: 1 }],
      thumbnails: 3,
    });
    // Fitted inside 32×32, small pictures enlarged pixel by pixel.
    expect(await Promise.all(thumbnails.map(async (t) => { const m = await sharp(t).metadata(); return [m.format, m.width, m.height]; })))
      .toEqual([['png', 32, 32], ['png', 32, 32], ['png', 32, 16]]);
  });

  it('reads no path without a root, and none that leaves it, counting them unreadable', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'image-profile-outside-'));
    writeFileSync(path.join(outside, 'secret.png'), await picture(8, 8, 1));
    symlinkSync(path.join(outside, 'secret.png'), path.join(dir, 'link.png'));
    const withoutRoot = await profileImageColumn(['a.png'], null);
    expect(withoutRoot.profile).toMatchObject({ sampled: 1, unreadable: 1, thumbnails: 0 });
    const escaping = await profileImageColumn(['../' + path.basename(outside) + '/secret.png', 'link.png', path.join(outside, 'secret.png')], dir);
    expect(escaping.profile).toMatchObject({ sampled: 3, unreadable: 3, sizes: [], thumbnails: 0 });
    rmSync(outside, { recursive: true, force: true });
  });

  it('looks at the sample only', async () => {
    const { profile } = await profileImageColumn(Array.from({ length: 50 }, () => 'a.png'), dir, { sample: 5, thumbnails: 0 });
    expect(profile).toMatchObject({ sampled: 5, unreadable: 0, sizes: [{ width: 8, height: 8, count: 5 }], thumbnails: 0 });
  });
});
