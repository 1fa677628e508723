// The run lifecycle as titled setup/teardown tasks; teardowns run in reverse, also after failure or Ctrl-C.

interface Task {
  title: string;
  setup(): Promise<(() => Promise<void>) | void>;
}

export interface TaskRunner {
  /** Runs setups in order; stops at the first that throws (after recording it). */
  setup(tasks: Task[]): Promise<void>;
  /** Runs every recorded teardown, newest first; returns the errors instead of throwing. */
  teardown(): Promise<{ title: string; error: unknown }[]>;
}

export function createTaskRunner(): TaskRunner {
  const teardowns: { title: string; fn: () => Promise<void> }[] = [];
  return {
    async setup(tasks) {
      for (const task of tasks) {
        const td = await task.setup();
        if (td) teardowns.push({ title: task.title, fn: td });
      }
    },
    async teardown() {
      const errors: { title: string; error: unknown }[] = [];
      while (teardowns.length) {
        const t = teardowns.pop()!;
        try {
          await t.fn();
        } catch (error) {
          errors.push({ title: t.title, error });
        }
      }
      return errors;
    },
  };
}
