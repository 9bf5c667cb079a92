/**
 * Order problems reported on a call (issue 15 item 5): what the central office
 * allows before a supervisor must approve a replacement. Pure rules, the one
 * copy: the server's settlement (core/sync/mutators/shipment-problem.ts) and
 * the 360's words read them from here.
 */
export const PROBLEM_KINDS = ['not_received', 'damaged', 'wrong_disc'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/**
 * reported: recorded at the desk, not yet settled by the central office;
 * awaiting_approval: over the limit below, a supervisor decides;
 * replacement_allocated: a replacement order is in the packing queue;
 * no_replacement: nothing could be sent (no copy in stock and nothing in the queue, or the account cannot receive discs);
 * refused: a supervisor refused the replacement.
 */
export const PROBLEM_STATES = ['reported', 'awaiting_approval', 'replacement_allocated', 'no_replacement', 'refused'] as const;
export type ProblemState = (typeof PROBLEM_STATES)[number];

/** Still waiting on someone: the central office, or a supervisor. */
export const OPEN_PROBLEM_STATES: readonly ProblemState[] = ['reported', 'awaiting_approval'];

/** Replacements a customer gets within the window without a supervisor's approval. */
export const REPLACEMENTS_WITHOUT_APPROVAL = 2;
export const REPLACEMENT_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * Whether one more replacement needs a supervisor: `earlier` are the times of
 * the customer's replacements already allocated; those older than the window
 * no longer count.
 */
export function replacementNeedsApproval(earlier: readonly string[], at: string): boolean {
  const since = Date.parse(at) - REPLACEMENT_WINDOW_DAYS * DAY_MS;
  return earlier.filter((t) => Date.parse(t) > since).length >= REPLACEMENTS_WITHOUT_APPROVAL;
}

export const PROBLEM_KIND_WORDS: Record<ProblemKind, string> = {
  not_received: 'Never arrived',
  damaged: 'Damaged disc',
  wrong_disc: 'Wrong disc in the sleeve',
};

export const PROBLEM_STATE_WORDS: Record<ProblemState, string> = {
  reported: 'Reported, waiting for the central office',
  awaiting_approval: 'Waiting for a supervisor to approve the replacement',
  replacement_allocated: 'Replacement on its way to packing',
  no_replacement: 'No replacement could be sent',
  refused: 'Replacement refused by a supervisor',
};

/** What the disc that comes back is flagged with, so Returns check-in expects it (warehouse sees the kind, never the caller's words). */
export const RETURN_FLAG_WORDS: Record<Exclude<ProblemKind, 'not_received'>, string> = {
  damaged: 'Reported damaged by the customer',
  wrong_disc: 'Reported as the wrong disc by the customer',
};

/** The problem reason a rep types: a line, not a story. */
export const PROBLEM_REASON_MAX_CHARS = 200;

/**
 * The email that tells the customer what happens (policy: email is used "to
 * communicate with you about the status of your orders"): the order and the
 * title only; no name, address, card, phone, offer or link to anything else.
 */
export function problemEmail(input: { kind: ProblemKind; state: ProblemState; orderNumber: string; titleName: string; replacementTitleName: string | null }): {
  subject: string;
  body: string;
} {
  const { orderNumber, titleName, replacementTitleName } = input;
  const what =
    input.kind === 'not_received'
      ? `You told us that order ${orderNumber} (${titleName}) never arrived. We have recorded it as lost in the mail.`
      : input.kind === 'damaged'
        ? `You told us that the disc of order ${orderNumber} (${titleName}) arrived damaged. Please mail it back in its return envelope.`
        : `You told us that order ${orderNumber} (${titleName}) held the wrong disc. Please mail that disc back in its return envelope.`;
  const next =
    input.state === 'replacement_allocated'
      ? replacementTitleName === titleName
        ? `A replacement copy of ${titleName} is on its way.`
        : `No copy of ${titleName} is in stock right now, so we are sending the next title in your queue, ${replacementTitleName ?? 'from your queue'}.`
      : input.state === 'refused'
        ? 'We are not able to send a replacement for this order.'
        : 'We could not send a replacement right now. Your next title ships as soon as one from your queue can be sent.';
  return { subject: `About your order ${orderNumber}`, body: `${what}\n\n${next}` };
}
