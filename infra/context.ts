/**
 * The CDK app's context (`-c key=value` or cdk.json), read and checked at
 * synth with the same parsers the functions use at run time, so a value the
 * runtime would refuse never deploys: `-c feedSize=abc` fails here, naming
 * the key, instead of deploying FEED_SIZE=NaN to every function.
 */
import { ConfigError, readSiteConfig } from '../functions/adapters/config.js';
import { parseOldFeedPaths } from '../functions/core/documents.js';
import type { FeedwrightStackProps } from './stack.js';

class ContextError extends Error {
  override name = 'ContextError';
}

/** The context keys the app reads, and the environment variable each becomes where it has one. */
const SITE_KEYS = {
  siteUrl: 'SITE_URL',
  siteTitle: 'SITE_TITLE',
  siteIcon: 'SITE_ICON',
  websubHubs: 'WEBSUB_HUBS',
  feedSize: 'FEED_SIZE',
} as const;

export interface AppContext {
  /** The CloudFormation stack's name: Feedwright, or Feedwright-{stage}. */
  stackName: string;
  props: FeedwrightStackProps;
}

function wholeNumber(key: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max)
    throw new ContextError(`Context ${key} must be a whole number from ${min} to ${max}, not "${raw}".`);
  return value;
}

function flag(key: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ContextError(`Context ${key} must be true or false, not "${raw}".`);
}

/**
 * @param get a context value as a string, or undefined when unset or empty.
 * @throws ContextError naming the key and what it must be.
 */
export function readContext(get: (key: string) => string | undefined): AppContext {
  const stage = get('stage');
  if (stage !== undefined && !/^[a-z][a-z0-9-]{0,19}$/.test(stage))
    throw new ContextError(
      `Context stage must be 1 to 20 lower-case letters, digits or hyphens, starting with a letter, not "${stage}".`,
    );
  // The site's values, checked by the runtime's own reader (a stand-in URL where the distribution's comes later).
  const env = Object.fromEntries(
    Object.entries(SITE_KEYS).map(([key, variable]) => [variable, get(key)] as const),
  );
  try {
    readSiteConfig({ ...env, SITE_URL: env.SITE_URL ?? 'https://stand-in.invalid' });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const [key] = Object.entries(SITE_KEYS).find(([, variable]) => error.message.startsWith(variable)) ?? [];
    throw new ContextError(`Context ${key ?? ''}: ${error.message}`);
  }
  const oldFeedPaths = get('oldFeedPaths');
  try {
    parseOldFeedPaths(oldFeedPaths);
  } catch (error) {
    throw new ContextError(`Context oldFeedPaths: ${(error as Error).message}`);
  }
  const alarmEmail = get('alarmEmail');
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail))
    throw new ContextError(`Context alarmEmail must be an e-mail address, not "${alarmEmail}".`);
  return {
    stackName: stage === undefined ? 'Feedwright' : `Feedwright-${stage}`,
    props: {
      siteUrl: get('siteUrl'),
      domainName: get('domainName'),
      certificateArn: get('certificateArn'),
      siteTitle: get('siteTitle'),
      siteIcon: get('siteIcon'),
      websubHubs: get('websubHubs'),
      feedSize: wholeNumber('feedSize', get('feedSize'), 1, 500),
      destroyable: flag('destroyable', get('destroyable')),
      alarmEmail,
      oldFeedPaths,
      originSecretVersion: wholeNumber('originSecretVersion', get('originSecretVersion'), 1, 1_000_000),
    },
  };
}
