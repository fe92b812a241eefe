/**
 * Lanes of one run waiting for each other without polling the ledger: how many are sending a batch, and a
 * promise that settles whenever one of them finishes a batch or stops (it may have left work behind).
 */
export interface LaneActivity {
  /** Lanes sending a batch right now. */
  readonly busy: number;
  /** Runs `work` counted as busy, and announces a change when it ends. */
  sending<T>(work: () => Promise<T>): Promise<T>;
  /** Settles at the next change. */
  nextChange(): Promise<void>;
  /** A lane finished or stopped. */
  changed(): void;
}

export function createLaneActivity(): LaneActivity {
  let busy = 0;
  let announce: () => void = () => {};
  let next = new Promise<void>((resolve) => {
    announce = resolve;
  });
  const activity: LaneActivity = {
    get busy() {
      return busy;
    },
    async sending(work) {
      busy++;
      try {
        return await work();
      } finally {
        busy--;
        activity.changed();
      }
    },
    nextChange: () => next,
    changed() {
      const settle = announce;
      next = new Promise<void>((resolve) => {
        announce = resolve;
      });
      settle();
    },
  };
  return activity;
}
