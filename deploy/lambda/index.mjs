// AWS Lambda entry (Node.js 20, ESM): handler `deploy/lambda/index.handler`.
// flowlens runs its TypeScript through tsx, as the CLI does (bin/flowlens.mjs); the package
// built by deploy/build-lambda.sh contains src/, data/ and the few runtime packages needed.
import { register } from 'tsx/esm/api';

register();
const { handler: flowlensHandler } = await import('../../src/live/lambda-handler.ts');

/** CloudWatch Logs subscription event → enriched, seed-compatible messages on AWS IoT Core. */
export const handler = (event) => flowlensHandler(event);
