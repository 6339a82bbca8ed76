/**
 * The CDK app: one stack, checked by cdk-nag's AwsSolutions rules.
 * Context (infra/context.ts checks every value): stage, siteUrl,
 * domainName + certificateArn, siteTitle, siteIcon, websubHubs, feedSize,
 * destroyable, alarmEmail, originSecretVersion.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readContext } from './context.js';
import { FeedwrightStack } from './stack.js';

const app = new App();
const { stackName, props } = readContext((key) => {
  const value = app.node.tryGetContext(key);
  return value === undefined || value === '' ? undefined : String(value);
});
new FeedwrightStack(app, stackName, {
  description: 'feedwright serverless feed publisher',
  ...props,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
