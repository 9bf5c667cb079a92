import type { SyncNowResult } from '../../core/sync/contract';
import { waitingInWords } from '../../core/sync/change-words';
import { plural } from '../components/plural';

/** What "Sync now" did, in words: what changed, or why not and what is waiting. */
export function syncAnswer(result: SyncNowResult): string {
  const waiting = waitingInWords(result.waiting);
  const { run } = result;
  if (run.outcome === 'done') {
    if (run.sent === 0 && run.received === 0) return waiting ? `Synced. Nothing new; still waiting: ${waiting}.` : 'Synced. Everything was already up to date.';
    const what = [run.sent > 0 ? `sent ${plural(run.sent, 'change', 'changes')}` : null, run.received > 0 ? `received ${plural(run.received, 'update', 'updates')}` : null].filter(Boolean).join(', ');
    return `Synced: ${what}.${waiting ? ` Still waiting: ${waiting}.` : ''}`;
  }
  const wait = waiting ? `Waiting to send: ${waiting}; they go as soon as it answers.` : 'Nothing is waiting to be sent.';
  if (run.outcome === 'offline') return `Offline: the central office cannot be reached. ${wait}`;
  return `Sync did not finish: ${run.problem ?? 'the central office did not answer as expected.'} ${wait}`;
}
