/** The synthesized stack's template, and the questions its suites ask of it. */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';
import { FeedwrightStack } from '../../infra/stack.js';

export type Resource = { Type: string; Properties: Record<string, unknown> };
export type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

/** Bundling is skipped here for speed; `npm run synth` bundles for real in CI. */
export function synth(app = new App({ context: { 'aws:cdk:bundling-stacks': [] } })) {
  const stack = new FeedwrightStack(app, 'Test');
  return { app, stack, template: Template.fromStack(stack) };
}

export const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const resourceList = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

/** Queries over the template `current()` gives (a suite synthesizes it once, in beforeAll). */
export function templateQueries(current: () => Template) {
  function resources(type: string): Record<string, Resource> {
    return current().findResources(type) as Record<string, Resource>;
  }

  /** Logical id of the function whose Description starts with `feedwright: <prefix>`. */
  function functionId(prefix: string): string {
    const [id] = Object.entries(resources('AWS::Lambda::Function')).find(([, r]) =>
      String(r.Properties.Description).startsWith(`feedwright: ${prefix}`),
    ) ?? [''];
    expect(id, prefix).not.toBe('');
    return id;
  }

  /** Every statement of the policies attached to a function's role. */
  function statementsOf(fnId: string): Statement[] {
    const fn = resources('AWS::Lambda::Function')[fnId] as Resource;
    const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    return Object.values(resources('AWS::IAM::Policy'))
      .filter((p) => (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === role))
      .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  }

  /** A function's environment variables, by logical id. */
  function envOf(fnId: string): Record<string, unknown> {
    const fn = resources('AWS::Lambda::Function')[fnId] as Resource;
    return (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
  }

  return { resources, functionId, statementsOf, envOf };
}
