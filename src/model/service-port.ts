/**
 * digesterd's port rule, shared by the digest and `graph --ports service`: of a flow's two
 * ports the larger is taken for the client's ephemeral port and reported as 0 (on a tie,
 * srcport), so the flows of one conversation share a key. A missing port leaves both as they
 * are.
 */
export function servicePorts(
  srcport: number | null,
  dstport: number | null,
): [srcport: number | null, dstport: number | null] {
  if (srcport === null || dstport === null) {
    return [srcport, dstport];
  }
  return srcport >= dstport ? [0, dstport] : [srcport, 0];
}
