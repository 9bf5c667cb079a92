/**
 * What the central API says at start for whoever sets stations up (issue
 * #14): the address stations use, where the enrollment key is, where the CA
 * certificate stations must trust is, and its SHA-256 fingerprint, which the
 * station's setup screen shows for the admin to compare. Plain words, no
 * secrets: the key itself is never printed, only where it is kept.
 */
import { X509Certificate } from 'node:crypto';

export interface EnrollmentNoticeInput {
  /** The address stations use (the machine's name when listening on every interface). */
  stationUrl: string;
  enrollmentKey: { source: 'env' } | { source: 'file'; path: string };
  /** The CA stations must trust, or what is known when it is not given; null for plain HTTP on this computer. */
  ca: { file: string; pem: string } | { unknownFor: string } | null;
}

export function enrollmentNotice(input: EnrollmentNoticeInput): string {
  const lines = ['', 'To set up a station (its setup screen asks for these):', `  Central office address:  ${input.stationUrl}`];
  lines.push(
    input.enrollmentKey.source === 'env'
      ? '  Enrollment key:          the value of BACKLOT_ENROLLMENT_KEY this API was started with'
      : `  Enrollment key:          the line in ${input.enrollmentKey.path} (keep it secret; anyone with it can register a station)`,
  );
  if (input.ca === null) {
    lines.push('  CA certificate:          none: this API speaks plain HTTP, which only stations on this computer may use.');
    lines.push('                           For stations elsewhere, start it with --local-tls (and --local-tls-names) or --tls-cert/--tls-key/--tls-ca.');
  } else if ('unknownFor' in input.ca) {
    lines.push(`  CA certificate:          the certificate of the authority that signed ${input.ca.unknownFor}.`);
    lines.push('                           Start with --tls-ca FILE to have it named and its fingerprint printed here.');
  } else {
    const cert = new X509Certificate(input.ca.pem);
    lines.push(`  CA certificate:          ${input.ca.file} (copy this file to each station)`);
    lines.push(`  CA fingerprint (SHA-256): ${cert.fingerprint256}`);
    lines.push('                           The setup screen shows the fingerprint of the certificate it was given: they must be the same.');
  }
  lines.push('');
  return lines.join('\n');
}
