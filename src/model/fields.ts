/**
 * Every documented VPC Flow Logs field, as data. The parser, the JSON/CSV writers, the SQL
 * builder and the docs all read this table; nothing switches over field names.
 *
 * `name` is the canonical spelling (hyphenated, as in S3 headers); `key` is the property name on
 * a {@link FlowRecord} (camelCase of `name`); `type` says how the text token is decoded.
 */
export type FieldType = 'string' | 'int' | 'long';

export interface FieldSpec {
  readonly name: string;
  readonly key: string;
  readonly type: FieldType;
  /** The flow-log version that introduced the field (6 = Transit Gateway, 7 = ECS). */
  readonly since: number;
}

const table = [
  // v2: the default format, in this order.
  ['version', 'int', 2],
  ['account-id', 'string', 2],
  ['interface-id', 'string', 2],
  ['srcaddr', 'string', 2],
  ['dstaddr', 'string', 2],
  ['srcport', 'int', 2],
  ['dstport', 'int', 2],
  ['protocol', 'int', 2],
  ['packets', 'long', 2],
  ['bytes', 'long', 2],
  ['start', 'long', 2],
  ['end', 'long', 2],
  ['action', 'string', 2],
  ['log-status', 'string', 2],
  // v3
  ['vpc-id', 'string', 3],
  ['subnet-id', 'string', 3],
  ['instance-id', 'string', 3],
  ['tcp-flags', 'int', 3],
  ['type', 'string', 3],
  ['pkt-srcaddr', 'string', 3],
  ['pkt-dstaddr', 'string', 3],
  // v4
  ['region', 'string', 4],
  ['az-id', 'string', 4],
  ['sublocation-type', 'string', 4],
  ['sublocation-id', 'string', 4],
  // v5
  ['pkt-src-aws-service', 'string', 5],
  ['pkt-dst-aws-service', 'string', 5],
  ['flow-direction', 'string', 5],
  ['traffic-path', 'int', 5],
  // v6: Transit Gateway flow logs (no `action`).
  ['resource-type', 'string', 6],
  ['tgw-id', 'string', 6],
  ['tgw-attachment-id', 'string', 6],
  ['tgw-src-vpc-account-id', 'string', 6],
  ['tgw-dst-vpc-account-id', 'string', 6],
  ['tgw-src-vpc-id', 'string', 6],
  ['tgw-dst-vpc-id', 'string', 6],
  ['tgw-src-subnet-id', 'string', 6],
  ['tgw-dst-subnet-id', 'string', 6],
  ['tgw-src-eni', 'string', 6],
  ['tgw-dst-eni', 'string', 6],
  ['tgw-src-az-id', 'string', 6],
  ['tgw-dst-az-id', 'string', 6],
  ['tgw-pair-attachment-id', 'string', 6],
  ['packets-lost-no-route', 'long', 6],
  ['packets-lost-blackhole', 'long', 6],
  ['packets-lost-mtu-exceeded', 'long', 6],
  ['packets-lost-ttl-expired', 'long', 6],
  // v7: ECS
  ['ecs-cluster-arn', 'string', 7],
  ['ecs-cluster-name', 'string', 7],
  ['ecs-container-instance-arn', 'string', 7],
  ['ecs-container-instance-id', 'string', 7],
  ['ecs-container-id', 'string', 7],
  ['ecs-second-container-id', 'string', 7],
  ['ecs-service-name', 'string', 7],
  ['ecs-task-definition-arn', 'string', 7],
  ['ecs-task-arn', 'string', 7],
  ['ecs-task-id', 'string', 7],
  // v8 .. v11
  ['reject-reason', 'string', 8],
  ['resource-id', 'string', 9],
  ['encryption-status', 'int', 10],
  ['instance-tag', 'string', 11],
  ['instance-tag-2', 'string', 11],
  ['interface-tag', 'string', 11],
  ['interface-tag-2', 'string', 11],
  ['asg-tag', 'string', 11],
  ['asg-tag-2', 'string', 11],
  ['interface-type', 'string', 11],
  ['next-hop-interface-id', 'string', 11],
  ['next-hop-subnet-id', 'string', 11],
  ['next-hop-az-id', 'string', 11],
  ['next-hop-vpc-id', 'string', 11],
  ['next-hop-interface-type', 'string', 11],
] as const satisfies readonly (readonly [string, FieldType, number])[];

/** `account-id` → `accountId`. */
export function camelKey(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

export const FIELDS: readonly FieldSpec[] = Object.freeze(
  table.map(([name, type, since]) => Object.freeze({ name, key: camelKey(name), type, since })),
);

const byName = new Map<string, FieldSpec>(FIELDS.map((f) => [f.name, f]));

/** The 14 fields of the default (v2) format, in order. */
export const DEFAULT_FORMAT: readonly string[] = Object.freeze(
  FIELDS.slice(0, 14).map((f) => f.name),
);

/** Looks a field up by canonical name; `undefined` for fields this table does not know. */
export function fieldSpec(name: string): FieldSpec | undefined {
  return byName.get(name);
}

/**
 * Canonical spelling of a field token as it appears in a header or a log-format string:
 * `${account-id}`, `account-id`, `account_id` and `$${account-id}` (Terraform) all give
 * `account-id`. Names are lower-cased.
 */
export function canonicalFieldName(token: string): string {
  let t = token.trim();
  const m = /^\$?\$\{(.*)\}$/.exec(t);
  if (m) {
    t = m[1] ?? '';
  }
  return t.toLowerCase().replace(/_/g, '-');
}

type Row = (typeof table)[number];
type ValueOf<T extends FieldType> = T extends 'string' ? string : number;
type KeyOf<N extends string> = N extends `${infer A}-${infer B}`
  ? `${A}${Capitalize<KeyOf<B>>}`
  : N;

/** Every known field, typed; `null` stands for `-` (not applicable / not computed). */
export type KnownFields = { [R in Row as KeyOf<R[0]>]: ValueOf<R[1]> | null };
