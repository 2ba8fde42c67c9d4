/**
 * digesterd's port rule, shared by the digest and `graph --ports service`: of a flow's two
 * ports the larger is taken for the client's ephemeral port and reported as 0 (on a tie,
 * srcport), so the flows of one conversation share a key. Which port that is: `src`, `dst`, or
 * null when a port is missing (both then stay as they are).
 */
export function ephemeralPort(
  srcport: number | null,
  dstport: number | null,
): 'src' | 'dst' | null {
  if (srcport === null || dstport === null) {
    return null;
  }
  return srcport >= dstport ? 'src' : 'dst';
}
