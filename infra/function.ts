/**
 * The one place that owns Lambda function defaults: ARM64, the newest Node.js
 * runtime, an ESM bundle built by the esbuild devDependency (never Docker),
 * minified with source maps, a log group with retention.
 */
import { resolve } from 'node:path';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

const ROOT = resolve(import.meta.dirname, '..');

/** ESM bundles need `require` for the CommonJS parts of their dependencies, or the SDK fails on its first call. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export interface FeedwrightFunctionProps {
  /** File under functions/handlers/, without extension. */
  handler: 'ingest' | 'read' | 'publish';
  description: string;
  environment: Record<string, string>;
  memorySize: number;
  timeout: Duration;
  logRetention?: RetentionDays;
  /** Shell commands run after bundling, given the project root and the bundle's directory (files to ship beside it). */
  afterBundling?: (projectRoot: string, outputDir: string) => string[];
}

export class FeedwrightFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: FeedwrightFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.fn = new NodejsFunction(this, 'Function', {
      entry: resolve(ROOT, 'functions/handlers', `${props.handler}.ts`),
      handler: 'handler',
      projectRoot: ROOT,
      depsLockFilePath: resolve(ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      description: props.description,
      logGroup: this.logGroup,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        // Bundle the SDK too: one tree-shaken file loads in a fraction of the time the runtime's
        // copy takes to resolve across its hundreds of files (npm run bench, measurement 7).
        externalModules: [],
        ...(props.afterBundling === undefined
          ? {}
          : {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: props.afterBundling,
              },
            }),
      },
    });
  }
}
