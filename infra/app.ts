/**
 * The CDK app: one stack, checked by cdk-nag's AwsSolutions rules.
 * Context: siteUrl, domainName + certificateArn, siteTitle, siteIcon,
 * websubHubs, feedSize, destroyable, alarmEmail.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FeedwrightStack } from './stack.js';

const app = new App();
const context = (key: string): string | undefined => {
  const value = app.node.tryGetContext(key);
  return value === undefined || value === '' ? undefined : String(value);
};
const feedSize = context('feedSize');
new FeedwrightStack(app, 'Feedwright', {
  description: 'feedwright serverless feed publisher',
  siteUrl: context('siteUrl'),
  domainName: context('domainName'),
  certificateArn: context('certificateArn'),
  siteTitle: context('siteTitle'),
  siteIcon: context('siteIcon'),
  websubHubs: context('websubHubs'),
  feedSize: feedSize === undefined ? undefined : Number(feedSize),
  destroyable: context('destroyable') === 'true',
  alarmEmail: context('alarmEmail'),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
