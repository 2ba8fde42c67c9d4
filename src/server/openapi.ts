import { RENDERER_NAMES } from '../graph/render/index.ts';

const time = { type: 'string', format: 'date-time' };
const q = (name: string) => ({ name, in: 'query', required: true, schema: time });
const windowParams = [q('start'), q('stop')];
const diffParams = ['previous_start', 'previous_stop', 'next_start', 'next_stop'].map(q);
const message = {
  description: 'error',
  content: {
    'application/json': {
      schema: { type: 'object', properties: { message: { type: 'string' } } },
    },
  },
};
const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
};

function compat(kind: string, params: object[], body: string) {
  return {
    post: {
      summary: `Queue a ${kind} (vpcflow-compatible)`,
      parameters: params,
      responses: { 202: { description: 'queued' }, 400: message, 409: message },
    },
    get: {
      summary: `Fetch a ${kind} (vpcflow-compatible)`,
      parameters: params,
      responses: {
        200: { description: body, content: { 'application/octet-stream': {} } },
        204: { description: 'in progress' },
        400: message,
        404: { description: 'unknown' },
      },
    },
  };
}

function native(kind: string, params: object[], formats?: readonly string[]) {
  const format = formats
    ? [{ name: 'format', in: 'query', schema: { type: 'string', enum: formats } }]
    : [];
  return {
    [`/api/v1/${kind}s`]: {
      post: {
        summary: `Queue a ${kind}`,
        parameters: params,
        responses: { 202: { description: 'queued' }, 200: { description: 'known' }, 400: message },
      },
    },
    [`/api/v1/${kind}s/{id}`]: {
      get: {
        summary: `A finished ${kind}`,
        parameters: [idParam, ...format],
        responses: { 200: { description: kind }, 202: { description: 'running' }, 404: message },
      },
    },
  };
}

/** The OpenAPI 3.1 description of every route this server mounts by default. */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'flowlens', version: '0.1.0' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths: {
      '/digest': compat('digest', windowParams, 'gzip digest (v2 lines)'),
      '/graph': compat('graph', windowParams, 'DOT'),
      '/diff': compat('diff', diffParams, 'DOT'),
      '/{topic}/{event}': {
        post: {
          summary: 'Worker route: run a pushed job (upstream JSON body)',
          responses: {
            204: { description: 'done' },
            400: { description: 'invalid' },
            500: { description: 'failed; retry' },
          },
        },
      },
      ...native('digest', windowParams),
      ...native('graph', windowParams, RENDERER_NAMES),
      ...native('diff', diffParams, ['dot', 'json']),
      '/api/v1/links/{mode}': {
        get: {
          summary: 'What talks to these IPs in a window (flow-optics inspect, rejects, correlate)',
          parameters: [
            {
              name: 'mode',
              in: 'path',
              required: true,
              schema: { type: 'string', enum: ['inspect', 'rejects', 'correlate'] },
            },
            {
              name: 'ip',
              in: 'query',
              required: true,
              description:
                'one IP (inspect, rejects) or two or more (correlate); repeat or comma-separate',
              schema: { type: 'array', items: { type: 'string' } },
              style: 'form',
              explode: true,
            },
            {
              name: 'cidr',
              in: 'query',
              description: 'inspect/rejects: keep links whose ends are the IP or in this CIDR',
              schema: { type: 'string' },
            },
            ...windowParams,
            {
              name: 'format',
              in: 'query',
              schema: { type: 'string', enum: RENDERER_NAMES, default: 'force-graph' },
            },
          ],
          responses: { 200: { description: 'the links graph' }, 400: message },
        },
      },
      '/api/v1/jobs': {
        get: { summary: 'Job records, newest first', responses: { 200: { description: 'jobs' } } },
      },
      '/api/v1/jobs/{id}': {
        get: {
          summary: 'One job record',
          parameters: [idParam],
          responses: { 200: { description: 'job' }, 404: message },
        },
      },
      '/healthz': { get: { responses: { 200: { description: 'alive' } } } },
      '/readyz': {
        get: { responses: { 200: { description: 'ready' }, 503: { description: 'not ready' } } },
      },
      '/metrics': { get: { responses: { 200: { description: 'Prometheus text' } } } },
    },
  };
}
