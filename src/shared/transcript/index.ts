// Pure transcript token accounting (no fs): the incremental file reader in src/extension/transcripts feeds it.
export {
  createTranscriptAccount,
  accountLine,
  accountRecord,
  usageOfRecord,
  usageTotal,
  mayCarryUsage,
  latestUsage,
  contextTokensOf,
  serializeAccount,
  restoreAccount,
  type ResponseUsage,
  type TranscriptTotals,
  type TranscriptAccount,
  type SerializedTranscriptAccount,
} from './transcriptAccount';
