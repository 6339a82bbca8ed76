/** What the domain needs to know about the site it publishes. Read once at the edge. */
export interface SiteConfig {
  /** Absolute origin + optional base path, without a trailing slash. */
  siteUrl: string;
  siteTitle: string;
  siteDescription: string;
  /** BCP 47 language tag for feeds and pages. */
  language: string;
  feedSize: number;
  /** Items per RFC 5005 archive page. */
  archiveSize: number;
  /** Largest size of a current feed document; older items move to the archives beyond it. */
  feedMaxBytes: number;
  /** IANA zone used to read date-only inputs. */
  timeZone: string;
  hubs: string[];
  /** A square image for the site (feed readers' icon, the pages' favicon), if any. */
  icon?: string | undefined;
}

/** Absolute URL of a public path (no leading slash) under the site. */
export function siteUrlOf(site: Pick<SiteConfig, 'siteUrl'>, path: string): string {
  // Each segment percent-encoded: ids and category slugs may hold letters of any script (IRIs).
  return `${site.siteUrl}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** Host part used in tag: URIs. */
export function siteAuthority(site: Pick<SiteConfig, 'siteUrl'>): string {
  return new URL(site.siteUrl).hostname;
}
