import { createHoldCheck, type HoldCheck } from '../reputation/hold-check.ts';
import type { StoreHandle } from '../store/open-database.ts';
import type { Runtime } from './runtime.ts';

/** The reputation hold as configured (HOLD_COMPLAINT_RATE, HOLD_BOUNCE_RATE, HOLD_MIN_SENT). */
export function holdCheck(runtime: Runtime, store: StoreHandle): HoldCheck {
  const { holdComplaintRate, holdBounceRate, holdMinSent } = runtime.config;
  return createHoldCheck(
    store,
    { complaintRate: holdComplaintRate, bounceRate: holdBounceRate, minSent: holdMinSent },
    runtime.clock,
  );
}
