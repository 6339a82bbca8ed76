/**
 * The CDK app. Until the AWS stack lands (issue: deploy with CDK) it holds an
 * empty stack, so `cdk synth` already runs offline.
 */
import { App, Stack } from 'aws-cdk-lib';

const app = new App();
new Stack(app, 'Feedwright', { description: 'feedwright serverless feed publisher' });
app.synth();
