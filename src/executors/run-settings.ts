// How a run was started, as every executor sees it (ctx.settings), locally and on a remote worker alike.

/**
 * The run's settings, typed, as Playwright hands tests `testInfo.config`: flags of `aitest run` and facts
 * about where it was started. They never travel as environment variables: `ctx.env` is only what a plan may
 * read (`${{ env.X }}`), and a setting there would be one a plan could set or a worker could lose.
 */
export interface RunSettings {
  /** `--update-snapshots`: visual baselines that are missing or differ are written, and the check passes. */
  readonly updateSnapshots: boolean;
  /**
   * The run was started on CI (`CI` set where `aitest run` ran, not on a remote worker): a missing visual
   * baseline fails instead of being written, since it would be thrown away with the machine.
   */
  readonly ci: boolean;
}

/** A run started by hand on a developer's machine, with no flags. */
export const DEFAULT_RUN_SETTINGS: RunSettings = { updateSnapshots: false, ci: false };
