/**
 * CloudFront in front of the site: the bucket's files (and the desk, under
 * its own headers) and the API, with the edge functions that answer old
 * paths, add WebSub Link headers and pass the viewer's address on.
 *
 * Its resources are created in the stack's own scope, not under a construct
 * of their own: their logical ids stay what they were when this was part of
 * the stack, so a deployed distribution (and its *.cloudfront.net name) is
 * updated in place, never replaced.
 */
import { Duration, Fn, RemovalPolicy, type Stack, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  S3OriginAccessControl,
  SecurityPolicyProtocol,
  Signing,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  DESK_CSP,
  DIRECTORY_URL_PATTERN,
  NOT_FOUND_PATH,
  PAGE_CSP,
  REDIRECT_METADATA,
} from '../functions/core/documents.js';
import { ORIGIN_HEADER } from '../functions/http/routes.js';

/**
 * On every response from the bucket: an old path's redirect page (its object
 * carries the location in metadata, see the S3 file store) becomes a 301,
 * as the local server answers it; feeds get WebSub discovery Link headers
 * when there are hubs, as the local server sends them (documents.ts
 * linkHeaderOf): the hubs and the feed's own URL.
 */
function viewerResponseFunction(hubs: readonly string[]): string {
  const hubLinks = JSON.stringify(hubs.map((hub) => `<${hub}>; rel="hub"`).join(', '));
  return `function handler(event) {
  var uri = event.request.uri;
  var response = event.response;
  var moved = response.headers['x-amz-meta-${REDIRECT_METADATA}'];
  if (moved) {
    delete response.headers['x-amz-meta-${REDIRECT_METADATA}'];
    response.statusCode = 301;
    response.statusDescription = 'Moved Permanently';
    response.headers.location = { value: moved.value };
    return response;
  }${
    hubs.length === 0
      ? ''
      : `
  if (/(rss\\.xml|atom\\.xml|feed\\.json)$/.test(uri)) {
    var self = '<https://' + event.request.headers.host.value + uri + '>; rel="self"';
    response.headers.link = { value: ${hubLinks} + ', ' + self };
  }`
  }
  return response;
}`;
}

/**
 * For the API: the viewer's address in a header of our own, overwriting any a
 * client sent, so per-client limits see the viewer, not the edge server.
 */
const VIEWER_ADDRESS = `function handler(event) {
  event.request.headers['x-viewer-address'] = { value: event.viewer.ip };
  return event.request;
}`;

/**
 * Sends an old feed URL (OLD_FEED_PATHS) to the feed here with a 301,
 * rewrites /dir/ to /dir/index.html so category pages resolve like the home
 * page, and sends a directory named without its slash (/categories/news) to
 * the slashed URL, as the local server does.
 */
export function viewerRequestFunction(oldFeeds: Readonly<Record<string, string>>): string {
  return `var MOVED = ${JSON.stringify(oldFeeds)};
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var query = request.querystring || {};
  var names = Object.keys(query);
  var key = names.length === 1 && query[names[0]].value !== undefined ? uri + '?' + names[0] + '=' + query[names[0]].value : uri;
  var moved = MOVED[key] || (names.length > 0 ? MOVED[uri] : undefined);
  if (moved) {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: moved }, 'cache-control': { value: 'public, max-age=86400' } } };
  }
  if (uri.charAt(uri.length - 1) === '/') { request.uri += 'index.html'; return request; }
  if (${DIRECTORY_URL_PATTERN.toString()}.test(uri)) {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: uri + '/' } } };
  }
  return request;
}`;
}

/** The headers every response from the site carries: no sniffing, never framed, HSTS, and its CSP. */
function securityHeaders(csp: string, referrerPolicy: HeadersReferrerPolicy) {
  return {
    contentTypeOptions: { override: true },
    frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
    referrerPolicy: { referrerPolicy, override: true },
    strictTransportSecurity: {
      accessControlMaxAge: Duration.days(365),
      includeSubdomains: true,
      override: true,
    },
    contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
  };
}

/** Both or neither: a custom domain needs its us-east-1 certificate. @throws Error naming what is wrong. */
export function customDomain(props: {
  domainName?: string | undefined;
  certificateArn?: string | undefined;
}): { name: string; certificateArn: string } | undefined {
  const { domainName, certificateArn } = props;
  if (domainName === undefined && certificateArn === undefined) return undefined;
  if (domainName === undefined || certificateArn === undefined)
    throw new Error('domainName and certificateArn go together: a custom domain needs its certificate.');
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(domainName))
    throw new Error(`domainName must be a host name such as news.example.com, not "${domainName}".`);
  if (!/^arn:aws[\w-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(certificateArn))
    throw new Error(
      'certificateArn must be an ACM certificate in us-east-1 (CloudFront takes no other region).',
    );
  return { name: domainName.toLowerCase(), certificateArn };
}

export interface SiteCdnProps {
  site: Bucket;
  logs: Bucket;
  api: HttpApi;
  hubs: readonly string[];
  domain: { name: string; certificateArn: string } | undefined;
  /** Old feed URLs answered with a 301 to a feed here. */
  oldFeedPaths: Readonly<Record<string, string>>;
  /** Raised after each rotation of the origin secret, so CloudFront re-reads it. */
  originSecretVersion: number;
}

export class SiteCdn {
  readonly distribution: Distribution;
  /** The value CloudFront sends the API in x-origin-verify; the functions read it to check requests. */
  readonly originSecret: Secret;

  constructor(stack: Stack, props: SiteCdnProps) {
    // CloudFront proves each API request came through it with a secret header the functions check,
    // so the API's own URL (where x-viewer-address could be forged) answers 403.
    // The functions read the secret's current and previous values at run time; CloudFront gets the
    // current one at deploy time, re-read when originSecretVersion changes (docs/operations.md, step 7).
    this.originSecret = new Secret(stack, 'OriginSecret', {
      description: 'feedwright: the x-origin-verify value CloudFront sends the API',
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotated by hand (put-secret-value, then cdk deploy with originSecretVersion raised): CloudFront reads the value at deploy time, so an automatic rotation would leave it behind.',
    });
    const { site, logs, api, hubs, domain, originSecretVersion } = props;
    const apiOrigin = new HttpOrigin(Fn.select(2, Fn.split('/', api.apiEndpoint)), {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      customHeaders: { [ORIGIN_HEADER]: this.originSecret.secretValue.unsafeUnwrap() },
    });
    // CloudFront policies and functions are global to the account: named per stack and region.
    const globalName = (name: string) => `${stack.stackName}-${name}-${stack.region}`;
    const headers = new ResponseHeadersPolicy(stack, 'SecurityHeaders', {
      responseHeadersPolicyName: globalName('SecurityHeaders'),
      comment: 'feedwright: security headers and CORS for GET',
      securityHeadersBehavior: securityHeaders(
        PAGE_CSP,
        HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
      ),
      corsBehavior: {
        accessControlAllowOrigins: ['*'],
        accessControlAllowMethods: ['GET', 'HEAD', 'OPTIONS'],
        accessControlAllowHeaders: ['*'],
        accessControlAllowCredentials: false,
        accessControlExposeHeaders: ['ETag', 'Last-Modified', 'Link'],
        originOverride: false,
      },
    });
    const deskHeaders = new ResponseHeadersPolicy(stack, 'DeskHeaders', {
      responseHeadersPolicyName: globalName('DeskHeaders'),
      comment: "feedwright: the editors' desk: its own CSP, never framed",
      securityHeadersBehavior: securityHeaders(DESK_CSP, HeadersReferrerPolicy.NO_REFERRER),
    });
    const latestCache = new CachePolicy(stack, 'LatestCache', {
      cachePolicyName: globalName('LatestCache'),
      comment: '/api/latest: short-lived, keyed on its query string',
      defaultTtl: Duration.seconds(30),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(60),
      queryStringBehavior: CacheQueryStringBehavior.allowList('limit', 'cursor', 'category'),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const viewerAddress = new EdgeFunction(stack, 'ViewerAddress', {
      functionName: globalName('ViewerAddress'),
      code: FunctionCode.fromInline(VIEWER_ADDRESS),
      runtime: FunctionRuntime.JS_2_0,
      comment: "Pass the viewer's address to the API",
    });
    const apiBehavior = {
      origin: apiOrigin,
      functionAssociations: [{ eventType: FunctionEventType.VIEWER_REQUEST, function: viewerAddress }],
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      compress: true,
      responseHeadersPolicy: headers,
      // Forwards Authorization, the query string and the body; writes are never cached.
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };
    const siteOrigin = S3BucketOrigin.withOriginAccessControl(site, {
      originAccessControl: new S3OriginAccessControl(stack, 'SiteAccess', {
        originAccessControlName: globalName('SiteAccess'),
        signing: Signing.SIGV4_ALWAYS,
      }),
    });
    const siteFunctions = [
      {
        eventType: FunctionEventType.VIEWER_RESPONSE,
        function: new EdgeFunction(stack, 'SiteResponses', {
          functionName: globalName('SiteResponses'),
          code: FunctionCode.fromInline(viewerResponseFunction(hubs)),
          runtime: FunctionRuntime.JS_2_0,
          comment: 'Old paths of imported articles answer 301; WebSub Link headers on feeds',
        }),
      },
      {
        eventType: FunctionEventType.VIEWER_REQUEST,
        function: new EdgeFunction(stack, 'IndexRewrite', {
          functionName: globalName('IndexRewrite'),
          code: FunctionCode.fromInline(viewerRequestFunction(props.oldFeedPaths)),
          runtime: FunctionRuntime.JS_2_0,
          comment: 'Old feed URLs answer 301; index.html for paths ending in /; directories get their slash',
        }),
      },
    ];
    /** The bucket's files: the site's pages and feeds, and (under its own headers) the desk. */
    const siteBehavior = (responseHeadersPolicy: ResponseHeadersPolicy) => ({
      origin: siteOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      compress: true,
      responseHeadersPolicy,
      functionAssociations: siteFunctions,
    });
    this.distribution = new Distribution(stack, 'Cdn', {
      // The origin secret's version: raising it changes the distribution, so CloudFront re-reads the secret.
      comment: `feedwright ${stack.stackName} (origin secret v${originSecretVersion})`,
      // Without s3:ListBucket a missing key is S3's 403: answered as 404 with the site's own page.
      // (The API's only 403 is a request that did not come through CloudFront, which cannot reach it here.)
      errorResponses: [
        {
          httpStatus: 403,
          responseHttpStatus: 404,
          responsePagePath: `/${NOT_FOUND_PATH}`,
          ttl: Duration.seconds(10),
        },
      ],
      ...(domain === undefined
        ? {}
        : {
            domainNames: [domain.name],
            certificate: Certificate.fromCertificateArn(stack, 'Certificate', domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }),
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: siteBehavior(headers),
      additionalBehaviors: {
        // The editors' desk: the same files from the bucket, under the desk's own policy.
        '/desk/*': siteBehavior(deskHeaders),
        '/api/latest': {
          ...apiBehavior,
          cachePolicy: latestCache,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        },
        '/api/*': {
          ...apiBehavior,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          allowedMethods: AllowedMethods.ALLOW_ALL,
        },
      },
    });
    Validations.of(this.distribution).acknowledge(
      { id: 'AwsSolutions-CFR1', reason: 'A public news feed is meant to be read from every country.' },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF by default: the API throttles and authenticates writes; add a web ACL per deployment if needed.',
      },
    );
    if (domain === undefined) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate cannot pin TLS 1.2; deploy with domainName and certificateArn to pin it.',
      });
    }
  }
}
