/**
 * Configuration, read once from the environment at the edge. Missing or
 * malformed values fail at start with a message naming the variable.
 */
import { assertTimeZone } from '../core/dates.js';
import { parseOldFeedPaths } from '../core/documents.js';
import type { SiteConfig } from '../core/site.js';
import { type LogLevel, parseLogLevel } from './log.js';

type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function required(env: Env, name: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new ConfigError(`${name} is required but not set.`);
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${raw}".`);
  }
  return value;
}

function httpUrl(name: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an absolute URL, not "${raw}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`${name} must be an http(s) URL.`);
  return url;
}

/**
 * WEBSUB_HUBS: comma-separated hub endpoints, each kept as written (a
 * trailing slash may matter to a hub). The CDK stack reads its `websubHubs`
 * with this too, so feeds and CloudFront's Link headers name the same hubs.
 *
 * @example parseHubs('https://pubsubhubbub.appspot.com/, https://hub.example/p') // two URLs
 */
export function parseHubs(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h.length > 0)
    .map((h) => httpUrl('WEBSUB_HUBS', h).href);
}

/**
 * TZ as POSIX and the C library read it: an IANA name (Europe/Paris), the
 * same behind a colon (Lambda sets `TZ=:UTC` in every function), or a path
 * into the zoneinfo database (`:/usr/share/zoneinfo/Europe/Paris`).
 *
 * @example timeZoneOf(':UTC') === 'UTC'
 * @throws ConfigError naming TZ when no IANA zone can be read from it.
 */
function timeZoneOf(raw: string | undefined): string {
  if (raw === undefined) return 'UTC';
  const name = raw.replace(/^:/, '').replace(/^.*\/zoneinfo\//, '');
  try {
    assertTimeZone(name);
  } catch {
    throw new ConfigError(`TZ must be an IANA time zone such as Europe/Paris or :UTC, not "${raw}".`);
  }
  return name;
}

/** The site as both worlds see it. `defaultSiteUrl` exists only where a sensible default does (locally). */
export function readSiteConfig(env: Env, defaultSiteUrl?: string): SiteConfig {
  const rawUrl = optional(env, 'SITE_URL') ?? defaultSiteUrl;
  if (rawUrl === undefined) throw new ConfigError('SITE_URL is required but not set.');
  const timeZone = timeZoneOf(optional(env, 'TZ'));
  const hubs = parseHubs(optional(env, 'WEBSUB_HUBS'));
  const siteTitle = optional(env, 'SITE_TITLE') ?? 'feedwright';
  const icon = optional(env, 'SITE_ICON');
  return {
    // The site's URL is a base that paths are joined to, so without its trailing slash.
    siteUrl: httpUrl('SITE_URL', rawUrl).href.replace(/\/+$/, ''),
    siteTitle,
    siteDescription: optional(env, 'SITE_DESCRIPTION') ?? `The latest articles from ${siteTitle}`,
    language: optional(env, 'SITE_LANGUAGE') ?? 'en',
    feedSize: integer(env, 'FEED_SIZE', 50, 1, 500),
    archiveSize: integer(env, 'ARCHIVE_SIZE', 50, 1, 500),
    feedMaxBytes: integer(env, 'FEED_MAX_BYTES', 1024 * 1024, 16 * 1024, 16 * 1024 * 1024),
    timeZone,
    hubs,
    ...(icon === undefined ? {} : { icon: httpUrl('SITE_ICON', icon).href }),
  };
}

export interface LambdaConfig {
  site: SiteConfig;
  tableName: string;
  editorApiKey: string | undefined;
  /** The Secrets Manager secret whose values CloudFront sends in x-origin-verify; the stack always sets it. */
  originSecretId: string | undefined;
}

export function readLambdaConfig(env: Env): LambdaConfig {
  return {
    site: readSiteConfig(env),
    tableName: required(env, 'TABLE_NAME'),
    editorApiKey: optional(env, 'EDITOR_API_KEY'),
    originSecretId: optional(env, 'ORIGIN_SECRET_ARN'),
  };
}

/** Where ingest creates one-time schedules for scheduled articles (AWS only). */
export function readSchedulerConfig(env: Env): {
  groupName: string;
  roleArn: string;
  publishFunctionArn: string;
} {
  return {
    groupName: required(env, 'SCHEDULE_GROUP'),
    roleArn: required(env, 'SCHEDULER_ROLE_ARN'),
    publishFunctionArn: required(env, 'PUBLISH_FUNCTION_ARN'),
  };
}

/** The publish function also needs the bucket it writes the generated files to. */
export function readBucketName(env: Env): string {
  return required(env, 'BUCKET_NAME');
}

export interface LocalConfig {
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  /** Writes are refused (503) while the data directory's disk has less free space than this. */
  minFreeBytes: number;
  editorApiKey: string | undefined;
  /** The site once the port is known (SITE_URL defaults to http://localhost:PORT). */
  siteFor(port: number): SiteConfig;
  /** Old feed URLs answered with a 301 (OLD_FEED_PATHS: `from=to` pairs, `none`, or the defaults). */
  oldFeedPaths: Record<string, string>;
  /** LOG_LEVEL: info (default), warn or error. */
  logLevel: LogLevel;
}

export function readLocalConfig(env: Env): LocalConfig {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const siteFor = (actual: number) => readSiteConfig(env, `http://localhost:${actual}`);
  siteFor(port); // fail fast on a bad SITE_URL, TZ or FEED_SIZE before anything starts
  return {
    port,
    dataDir: optional(env, 'DATA_DIR') ?? './.data',
    minFreeBytes: integer(env, 'MIN_FREE_MB', 64, 0, 1_000_000) * 1024 * 1024,
    editorApiKey: optional(env, 'EDITOR_API_KEY'),
    siteFor,
    oldFeedPaths: oldFeedPathsOf(env),
    logLevel: logLevelOf(env),
  };
}

function logLevelOf(env: Env): LogLevel {
  try {
    return parseLogLevel(optional(env, 'LOG_LEVEL'));
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

function oldFeedPathsOf(env: Env): Record<string, string> {
  try {
    return parseOldFeedPaths(optional(env, 'OLD_FEED_PATHS'));
  } catch (error) {
    throw new ConfigError(`OLD_FEED_PATHS: ${(error as Error).message}`);
  }
}
