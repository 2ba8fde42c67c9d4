import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse, type Tags } from 'yaml';

const DEPLOY = fileURLToPath(new URL('../../deploy/', import.meta.url));

/** CloudFormation's short-form intrinsic functions, as their long forms. */
const intrinsic = (tag: string, fn: string, split?: (s: string) => unknown): Tags =>
  ['scalar', 'seq', 'map'].map((collection) => ({
    tag,
    ...(collection === 'scalar' ? {} : { collection: collection as 'seq' | 'map' }),
    resolve: (v: unknown) => {
      const value = collection === 'scalar' ? v : (v as { toJSON(): unknown }).toJSON();
      return { [fn]: split && typeof value === 'string' ? split(value) : value };
    },
  })) as Tags;

const CFN_TAGS: Tags = [
  ...intrinsic('!Ref', 'Ref'),
  ...intrinsic('!Sub', 'Fn::Sub'),
  ...intrinsic('!GetAtt', 'Fn::GetAtt', (s) => s.split('.')),
  ...intrinsic('!Join', 'Fn::Join'),
  ...intrinsic('!If', 'Fn::If'),
  ...intrinsic('!Equals', 'Fn::Equals'),
];

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string };
interface Template {
  Transform: string;
  Parameters: Record<string, { Default?: string }>;
  Resources: Record<string, Resource>;
  Outputs: Record<string, unknown>;
}

async function loadTemplate(): Promise<Template> {
  return parse(await readFile(`${DEPLOY}template.yaml`, 'utf8'), { customTags: CFN_TAGS });
}

const byType = (t: Template, type: string) =>
  Object.entries(t.Resources).filter(([, r]) => r.Type === type);

test('the template has the seed parameters, the Lambda, its trigger and the IoT permission', async () => {
  const t = await loadTemplate();
  assert.equal(t.Parameters.SourceFlowLogGroupName?.Default, '/aws/vpcflowlogs3');
  assert.equal(t.Parameters.IotTopicName?.Default, 'ipgeolocator/publish');
  const [[fnName, fn]] = byType(t, 'AWS::Serverless::Function') as [[string, Resource]];
  assert.equal(fn.Properties.Runtime, 'nodejs20.x');
  const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
  assert.deepEqual(env.IOT_TOPIC_NAME, { Ref: 'IotTopicName' });
  const statements = JSON.stringify(fn.Properties.Policies);
  assert.match(statements, /"iot:Publish"/);
  assert.match(statements, /topic\/\$\{IotTopicName\}/);

  const [[, sub]] = byType(t, 'AWS::Logs::SubscriptionFilter') as [[string, Resource]];
  assert.deepEqual(sub.Properties.LogGroupName, { Ref: 'SourceFlowLogGroupName' });
  assert.equal(sub.Properties.FilterPattern, '');
  assert.deepEqual(sub.Properties.DestinationArn, { 'Fn::GetAtt': [fnName, 'Arn'] });
  const [[permName, perm]] = byType(t, 'AWS::Lambda::Permission') as [[string, Resource]];
  assert.equal(sub.DependsOn, permName);
  assert.equal(perm.Properties.Action, 'lambda:InvokeFunction');
  assert.match(
    JSON.stringify(perm.Properties.Principal),
    /logs\.\$\{AWS::Region\}\.amazonaws\.com/,
  );
});

test('the dashboard gets an identity pool whose unauthenticated role can only receive the topic', async () => {
  const t = await loadTemplate();
  const [[poolName, pool]] = byType(t, 'AWS::Cognito::IdentityPool') as [[string, Resource]];
  assert.equal(pool.Properties.AllowUnauthenticatedIdentities, true);
  const [[, attach]] = byType(t, 'AWS::Cognito::IdentityPoolRoleAttachment') as [
    [string, Resource],
  ];
  assert.deepEqual(attach.Properties.IdentityPoolId, { Ref: poolName });
  const roleRef = (attach.Properties.Roles as { unauthenticated: { 'Fn::GetAtt': string[] } })
    .unauthenticated['Fn::GetAtt'][0]!;
  const role = t.Resources[roleRef]!;
  const policy = JSON.stringify(role.Properties.Policies);
  const actions = [...policy.matchAll(/"(iot:[A-Za-z]+|cognito[^"]*|\*)"/g)].map((m) => m[1]);
  assert.deepEqual(actions.sort(), ['iot:Connect', 'iot:Receive', 'iot:Subscribe']);
  assert.deepEqual(t.Outputs.WebSocketsIdentityPoolId, {
    Description: 'Cognito identity pool the dashboard uses to subscribe over MQTT/WebSocket.',
    Value: { Ref: poolName },
  });
});

test('the handler path exists in the build and exports a handler function', async () => {
  const t = await loadTemplate();
  const [[, fn]] = byType(t, 'AWS::Serverless::Function') as [[string, Resource]];
  const handler = String(fn.Properties.Handler);
  const file = handler.slice(0, handler.lastIndexOf('.'));
  const exported = handler.slice(handler.lastIndexOf('.') + 1);
  assert.equal(fn.Properties.CodeUri, '.build/');
  // build-lambda.sh copies deploy/lambda/index.mjs to the same path inside .build/.
  await access(`${DEPLOY}../${file}.mjs`);
  const build = await readFile(`${DEPLOY}build-lambda.sh`, 'utf8');
  assert.match(build, new RegExp(`cp "\\$ROOT/${file}.mjs"`));
  const mod = (await import(`${DEPLOY}../${file}.mjs`)) as Record<string, unknown>;
  assert.equal(typeof mod[exported], 'function');
});
