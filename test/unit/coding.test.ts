import { describe, expect, it } from 'vitest';
import { chooseCoding } from '../../infra/local/static.js';

describe('content coding negotiation', () => {
  it('prefers Brotli, then gzip, by q-value, and sends neither when neither is acceptable', () => {
    expect(chooseCoding(undefined)).toBeNull();
    expect(chooseCoding('')).toBeNull();
    expect(chooseCoding('identity')).toBeNull();
    expect(chooseCoding('deflate')).toBeNull();
    expect(chooseCoding('gzip, deflate, br')).toBe('br');
    expect(chooseCoding('gzip')).toBe('gzip');
    expect(chooseCoding('GZIP;Q=1.0')).toBe('gzip');
    expect(chooseCoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseCoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(chooseCoding('gzip;q=0, br;q=0')).toBeNull();
    expect(chooseCoding('*')).toBe('br');
    expect(chooseCoding('*;q=0, gzip')).toBe('gzip');
    expect(chooseCoding('br;q=nonsense, gzip')).toBe('gzip');
  });
});
