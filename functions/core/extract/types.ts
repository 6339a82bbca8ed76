import type { Author, Source } from '../article.js';

/** A line an extractor left out as furniture, and why. */
export interface Dropped {
  line: string;
  why: string;
}

/** What an extractor read from a raw page; missing fields are left for the checks after it. */
export interface ExtractedPage {
  title?: string;
  contentHtml?: string;
  summary?: string;
  authors: Author[];
  categories: string[];
  image?: string;
  source?: Source;
  /** RFC 3339 with offset, or a date alone (read in the site's zone). */
  publishedAt?: string;
  /** Lines dropped as furniture and why: for previews and debugging. */
  dropped: Dropped[];
}
