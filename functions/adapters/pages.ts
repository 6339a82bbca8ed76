/**
 * Raw pages read in the calling thread. The extractor (Readability, a DOM,
 * CSS parsing) is loaded on first use: JSON posts, most of them, never pay its
 * start-up cost.
 */
import type { PageReader } from '../core/ports.js';

export const inThreadPages: PageReader = {
  async read(text, mediaType) {
    const { extractPage, pageToInput } = await import('../core/extract/index.js');
    return pageToInput(extractPage(text, mediaType));
  },
};
