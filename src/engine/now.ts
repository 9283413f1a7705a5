// The instant plan and route take as "now": PBXCTL_NOW (ISO 8601) pins it, so that a
// behaviour diff or a policy check over the coming days can be reproduced in a review or a test.
export function now(): Date {
  const pinned = process.env.PBXCTL_NOW;
  if (!pinned) return new Date();
  const at = new Date(pinned);
  if (Number.isNaN(at.getTime())) throw new Error(`PBXCTL_NOW=${pinned}: not an ISO 8601 instant (2026-12-23T12:00:00Z)`);
  return at;
}
