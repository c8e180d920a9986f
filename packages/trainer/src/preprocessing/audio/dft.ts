import FFT from 'fft.js';

/**
 * The discrete Fourier transform of real frames of any length n, as torch.fft.fft(x, n) computes
 * it (Ludwig's num_fft_points defaults to the window length, e.g. 640 samples, not a power of
 * two). fft.js does powers of two; other lengths go through Bluestein's chirp-z identity, which
 * turns a length-n DFT into a circular convolution of length m ≥ 2n − 1 (a power of two) done with
 * three fft.js transforms: X[k] = conj(w[k]) · Σ x[j]·conj(w[j])·w[k − j], w[t] = exp(iπt²/n).
 */
export interface RealDft {
  readonly size: number;
  /** The first `bins` coefficients of the DFT of `frame` (zero-padded to `size`), into re and im. */
  transform(frame: Float64Array, bins: number, re: Float64Array, im: Float64Array): void;
}

const isPowerOfTwo = (n: number) => n >= 2 && (n & (n - 1)) === 0;

export function createRealDft(size: number): RealDft {
  return isPowerOfTwo(size) ? powerOfTwoDft(size) : bluesteinDft(size);
}

function powerOfTwoDft(size: number): RealDft {
  const fft = new FFT(size);
  const input = new Float64Array(size);
  const out = fft.createComplexArray() as number[];
  return {
    size,
    transform(frame, bins, re, im) {
      input.fill(0);
      input.set(frame.length > size ? frame.subarray(0, size) : frame);
      fft.realTransform(out, input);
      // realTransform fills the first half; the rest is the conjugate mirror.
      for (let k = 0; k < bins; k++) {
        const source = k <= size / 2 ? k : size - k;
        re[k] = out[2 * source];
        im[k] = k <= size / 2 ? out[2 * source + 1] : -out[2 * source + 1];
      }
    },
  };
}

function bluesteinDft(n: number): RealDft {
  if (n === 1) {
    return { size: 1, transform: (frame, bins, re, im) => { if (bins > 0) { re[0] = frame[0] ?? 0; im[0] = 0; } } };
  }
  let m = 1;
  while (m < 2 * n - 1) m *= 2;
  const fft = new FFT(m);
  // Chirp w[t] = exp(iπ t²/n); t² mod 2n keeps the angle exact for large t.
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const angle = (Math.PI * ((t * t) % (2 * n))) / n;
    wr[t] = Math.cos(angle);
    wi[t] = Math.sin(angle);
  }
  // The transform of the chirp laid out circularly: b[t] = w[t] for t < n and b[m − t] = w[t].
  const b = fft.createComplexArray() as number[];
  for (let t = 0; t < n; t++) {
    b[2 * t] = wr[t];
    b[2 * t + 1] = wi[t];
    if (t > 0) {
      b[2 * (m - t)] = wr[t];
      b[2 * (m - t) + 1] = wi[t];
    }
  }
  const chirpSpectrum = fft.createComplexArray() as number[];
  fft.transform(chirpSpectrum, b);
  const a = fft.createComplexArray() as number[];
  const aSpectrum = fft.createComplexArray() as number[];
  const conv = fft.createComplexArray() as number[];
  return {
    size: n,
    transform(frame, bins, re, im) {
      a.fill(0);
      const length = Math.min(frame.length, n);
      // a[j] = x[j] · conj(w[j])
      for (let j = 0; j < length; j++) {
        a[2 * j] = frame[j] * wr[j];
        a[2 * j + 1] = -frame[j] * wi[j];
      }
      fft.transform(aSpectrum, a);
      for (let k = 0; k < m; k++) {
        const [xr, xi, yr, yi] = [aSpectrum[2 * k], aSpectrum[2 * k + 1], chirpSpectrum[2 * k], chirpSpectrum[2 * k + 1]];
        aSpectrum[2 * k] = xr * yr - xi * yi;
        aSpectrum[2 * k + 1] = xr * yi + xi * yr;
      }
      fft.inverseTransform(conv, aSpectrum);
      // X[k] = conj(w[k]) · conv[k] (fft.js' inverse already divides by m).
      for (let k = 0; k < bins; k++) {
        const [cr, ci] = [conv[2 * k], conv[2 * k + 1]];
        re[k] = cr * wr[k] + ci * wi[k];
        im[k] = ci * wr[k] - cr * wi[k];
      }
    },
  };
}
