import type { Signal } from '@preact/signals';
import { messageOf } from '../messaging/errors';

/** Runs a user's action: its error goes to `notice` (a readable message), success clears it. True when it worked. */
export async function runWithNotice(notice: Signal<string | null>, work: () => Promise<unknown>): Promise<boolean> {
  try {
    await work();
    notice.value = null;
    return true;
  } catch (error) {
    notice.value = messageOf(error);
    return false;
  }
}
