// Moderation: reports, the moderation page, auto-moderation's rules, hits and mutes, the audit log, the staff.
export const moderation = {
  'moderation.held.text': 'Waiting for review',
  'moderation.held.remove': 'Remove from this device',
  'moderation.held.removeHint': 'It stays waiting for a moderator\'s review, and is delivered if approved',
  'moderation.held.rejected': 'Rejected by a moderator',
} as const;
