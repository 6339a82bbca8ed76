import { describe, expect, it } from 'vitest';
import { ConfigError, readLambdaConfig, readSiteConfig } from '../../functions/adapters/config.js';

describe('site configuration', () => {
  it('keeps hub URLs exactly as written and joins paths to the site URL without a doubled slash', () => {
    const site = readSiteConfig({
      SITE_URL: 'https://news.example/blog/',
      WEBSUB_HUBS: ' https://pubsubhubbub.appspot.com/ , https://hub.example/publish/ ',
    });
    expect(site.siteUrl).toBe('https://news.example/blog');
    expect(site.hubs).toEqual(['https://pubsubhubbub.appspot.com/', 'https://hub.example/publish/']);
  });

  it('takes an optional site icon, which must be an absolute URL', () => {
    expect(readSiteConfig({ SITE_URL: 'https://a.example' }).icon).toBeUndefined();
    expect(readSiteConfig({ SITE_URL: 'https://a.example', SITE_ICON: 'https://a.example/i.png' }).icon).toBe(
      'https://a.example/i.png',
    );
    expect(() => readSiteConfig({ SITE_URL: 'https://a.example', SITE_ICON: '/i.png' })).toThrow(
      /SITE_ICON must be an absolute URL/,
    );
  });

  it('names the variable of a malformed value', () => {
    expect(() => readSiteConfig({ SITE_URL: 'news.example' })).toThrow(/SITE_URL must be an absolute URL/);
    expect(() => readSiteConfig({ SITE_URL: 'ftp://news.example' })).toThrow(/SITE_URL must be an http/);
    expect(() => readSiteConfig({ SITE_URL: 'https://a.example', WEBSUB_HUBS: 'hub' })).toThrow(
      /WEBSUB_HUBS must be an absolute URL/,
    );
    expect(() => readSiteConfig({ SITE_URL: 'https://a.example', FEED_SIZE: '0' })).toThrow(
      /FEED_SIZE must be a whole number from 1 to 500/,
    );
    expect(() => readSiteConfig({ SITE_URL: 'https://a.example', TZ: 'Mars/Olympus' })).toThrow(ConfigError);
  });

  it('reads TZ as Lambda and the C library set it: a name, :name, or a zoneinfo path', () => {
    const zone = (TZ: string) => readSiteConfig({ SITE_URL: 'https://a.example', TZ }).timeZone;
    expect(zone(':UTC')).toBe('UTC');
    expect(zone('Europe/Paris')).toBe('Europe/Paris');
    expect(zone(':Europe/Paris')).toBe('Europe/Paris');
    expect(zone(':/usr/share/zoneinfo/Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(readSiteConfig({ SITE_URL: 'https://a.example' }).timeZone).toBe('UTC');
    expect(() => zone(':Mars/Olympus')).toThrow(/TZ must be an IANA time zone/);
  });

  it('on Lambda, requires the table and takes the origin secret when the stack sets it', () => {
    expect(() => readLambdaConfig({ SITE_URL: 'https://a.example' })).toThrow(/TABLE_NAME is required/);
    const config = readLambdaConfig({
      SITE_URL: 'https://a.example',
      TABLE_NAME: 't',
      ORIGIN_SECRET_ARN: 'arn',
    });
    expect(config.originSecretId).toBe('arn');
    expect(
      readLambdaConfig({ SITE_URL: 'https://a.example', TABLE_NAME: 't' }).originSecretId,
    ).toBeUndefined();
  });
});
