// How much history a store keeps (`--keep-runs N`, `--keep-days D`): the policy alone, without SQLite, so
// the CLI can decide whether to load the pruning (store/retention.ts) at all.
export interface Retention {
  /** Keep the newest N finished runs. */
  keepRuns?: number;
  /** Keep the runs started in the last D days. */
  keepDays?: number;
}

export const hasRetention = (r: Retention): boolean => r.keepRuns !== undefined || r.keepDays !== undefined;
