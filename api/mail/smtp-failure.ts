/**
 * Why a send failed, in a few fixed words and the SMTP reply code, and
 * whether trying again can help. The words are stored on the problem and
 * shown at the desk; they are built here from the error's code and reply
 * number only, never from the server's reply text, which often quotes the
 * recipient's address (policy: no personal data in logs or stored errors).
 */
export interface SendFailure {
  /** The customer's mail will never take this message: stop trying. */
  permanent: boolean;
  /** One sentence, no address, no message text. */
  words: string;
}

interface NodemailerError {
  code?: unknown;
  responseCode?: unknown;
  command?: unknown;
}

const CONNECT_CODES = new Set(['ECONNECTION', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export function classifySendFailure(err: unknown): SendFailure {
  const e = (err ?? {}) as NodemailerError;
  const code = typeof e.code === 'string' ? e.code : '';
  const reply = typeof e.responseCode === 'number' ? e.responseCode : null;
  const command = typeof e.command === 'string' ? e.command.toUpperCase() : '';
  const n = reply === null ? '' : ` (${reply})`;

  if (reply !== null && reply >= 400 && reply < 500) return { permanent: false, words: `the mail server asked to try again later${n}.` };
  if (reply !== null && reply >= 500) {
    // Only a refusal of this recipient or this message is final; a refused sign-in or sender is the central office's set-up, fixed there.
    if (command.startsWith('RCPT')) return { permanent: true, words: `the mail server refused the address${n}.` };
    if (command === 'DATA' || command === 'DT' || code === 'EMESSAGE') return { permanent: true, words: `the mail server refused the message${n}.` };
    if (code === 'EAUTH' || command.startsWith('AUTH')) return { permanent: false, words: `the mail server did not accept the central office's sign-in${n}.` };
    if (command.startsWith('MAIL')) return { permanent: false, words: `the mail server refused the central office's sender address${n}.` };
    return { permanent: false, words: `the mail server refused the connection${n}.` };
  }
  if (code === 'EAUTH') return { permanent: false, words: "the mail server did not accept the central office's sign-in." };
  if (code === 'ETLS' || command === 'STARTTLS') return { permanent: false, words: 'no secure connection to the mail server could be made.' };
  if (code === 'ETIMEDOUT') return { permanent: false, words: 'the mail server did not answer in time.' };
  if (CONNECT_CODES.has(code)) return { permanent: false, words: 'the mail server could not be reached.' };
  return { permanent: false, words: 'sending failed.' };
}

/** The customer has no address to write to: nothing to retry until someone enters one (and a new problem queues a new email). */
export const NO_ADDRESS: SendFailure = { permanent: true, words: 'there is no email address on file.' };
