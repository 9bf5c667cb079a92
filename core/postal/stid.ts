/**
 * Service Type IDs (STIDs) of the Intelligent Mail barcode and the ancillary
 * service endorsements that go with them.
 *
 * The STID is chosen from the USPS STID table (PostalPro "Service Type
 * Identifier (STID) Table", effective January 21, 2024, with the details of
 * each option in its Appendix A "Ancillary Service Type Identifier (STID)
 * Details"), keyed by
 *   mail class x service option (Basic/Nonautomation or Full-Service)
 *   x address-correction service x tracing (IV-MTR) wanted or not.
 * Only the rows a DVD-by-mail service can use are transcribed: First-Class
 * Mail letters and Business Reply Mail. A combination the table does not
 * have (Full-Service with manual corrections, OneCode ACS on Full-Service
 * mail, ...) is refused, never approximated.
 *
 * Endorsements (DMM 507.1.5): a STID that asks for an address-correction
 * service is paired with the printed endorsement of that service, without
 * the option number (the STID table's footnote: "the option selected must
 * NOT be printed with the endorsement"). Manual corrections and Traditional
 * ACS are driven by the printed endorsement alone (the table marks them
 * "requires the printed text ancillary service endorsement"); for OneCode
 * and Full-Service ACS the STID carries the request and the endorsement is
 * printed too, so the piece and its barcode never disagree. "No Address
 * Corrections" STIDs are "No Printed Endorsement".
 *
 * Business Reply Mail (USPS "Business Reply Mail with Intelligent Mail
 * Barcodes"): barcode ID 00, STID 708 without tracing, routing = the 9-digit
 * ZIP+4 assigned to the BRM. That instruction (June 2011) names STID 502 for
 * BRM "with Origin CONFIRM"; the current STID table lists 502 as First-Class
 * Mail Basic OneCode ACS Change Service Requested Option 1 with IV-MTR and
 * gives Business Reply Mail tracked by ZIP (IV-MTR) STID 052 (708 without).
 * We follow the current table: a traced BRM carries 052, because a 502 on a
 * reply piece would ask USPS for change-of-address service on it.
 */

export const ENDORSEMENTS = {
  /** DMM 507.1.5.1: forward and send the new address; return if undeliverable. */
  ASR: 'ADDRESS SERVICE REQUESTED',
  /** Forward if possible, else dispose (option 2), or dispose of all UAA pieces (option 1); ACS notice either way. */
  CSR: 'CHANGE SERVICE REQUESTED',
  /** Return every UAA piece with the new address or reason. */
  RSR: 'RETURN SERVICE REQUESTED',
  /** Temporary moves: return; permanent moves: treated as ASR. */
  TRSR: 'TEMP-RETURN SERVICE REQUESTED',
} as const;
export type EndorsementKind = keyof typeof ENDORSEMENTS;

export const SERVICE_OPTIONS = ['basic', 'full-service'] as const;
export type ServiceOption = (typeof SERVICE_OPTIONS)[number];

/** How address corrections come back: none, Form 3547/3579 notices, or one of the ACS flavours. */
export const CORRECTION_METHODS = ['none', 'manual', 'onecode-acs', 'full-service-acs', 'traditional-acs'] as const;
export type CorrectionMethod = (typeof CORRECTION_METHODS)[number];

/**
 * One address-correction service, as a distribution center sets it up:
 * "none", or a method with the UAA treatment (endorsement) and, for ACS, the
 * option of Appendix A (RSR and TRSR have option 2 only).
 */
export type AddressCorrection =
  | { method: 'none' }
  | { method: 'manual'; endorsement: EndorsementKind }
  | { method: 'onecode-acs' | 'full-service-acs' | 'traditional-acs'; endorsement: EndorsementKind; option: 1 | 2 };

export interface LetterServiceRequest {
  serviceOption: ServiceOption;
  correction: AddressCorrection;
  /** Informed Visibility Mail Tracking & Reporting wanted. */
  tracing: boolean;
}

export interface StidChoice {
  stid: string;
  /** Printed on the piece (DMM 507.1.5), or null for "No Printed Endorsement". */
  endorsement: string | null;
  /** The STID table's "requires the printed text ancillary service endorsement". */
  endorsementRequired: boolean;
}

/** [basic without IV-MTR, basic with, Full-Service without, Full-Service with]; null = not offered. */
type Row = readonly [basic: string | null, basicTraced: string | null, full: string | null, fullTraced: string | null];

/** First-Class Mail rows of the STID table, by correction key. */
const FIRST_CLASS_LETTERS: Readonly<Record<string, Row>> = {
  none: ['300', '310', '260', '270'],
  // Manual corrections: Basic only since Full-Service lost hardcopy notices (DMM 507.4.2.6, 2023).
  manual: ['700', '040', null, null],
  'onecode-acs/ASR/1': ['230', '220', null, null],
  'onecode-acs/ASR/2': ['080', '140', null, null],
  'onecode-acs/CSR/1': ['504', '502', null, null],
  'onecode-acs/CSR/2': ['082', '240', null, null],
  'onecode-acs/RSR/2': ['341', '340', null, null],
  'onecode-acs/TRSR/2': ['345', '344', null, null],
  'full-service-acs/ASR/1': [null, null, '320', '314'],
  'full-service-acs/ASR/2': [null, null, '081', '141'],
  'full-service-acs/CSR/1': [null, null, '516', '514'],
  'full-service-acs/CSR/2': [null, null, '083', '241'],
  'full-service-acs/RSR/2': [null, null, '343', '342'],
  'full-service-acs/TRSR/2': [null, null, '232', '222'],
  'traditional-acs/ASR/1': ['501', '500', '505', '503'],
  'traditional-acs/ASR/2': ['507', '506', '509', '508'],
  'traditional-acs/CSR/1': ['517', '515', '521', '519'],
  'traditional-acs/CSR/2': ['510', '530', '512', '511'],
  'traditional-acs/RSR/2': ['535', '534', '537', '536'],
  'traditional-acs/TRSR/2': ['543', '538', '545', '544'],
};

/** Business Reply Mail by ZIP: 708 without tracing, 052 with IV-MTR (see the header on 502). */
export const BRM_STID = { untraced: '708', traced: '052' } as const;

function correctionKey(correction: AddressCorrection): string {
  switch (correction.method) {
    case 'none':
    case 'manual':
      return correction.method;
    default:
      return `${correction.method}/${correction.endorsement}/${correction.option}`;
  }
}

function describeRequest(request: LetterServiceRequest): string {
  const { correction } = request;
  const service =
    correction.method === 'none'
      ? 'no address correction'
      : correction.method === 'manual'
        ? `manual corrections with ${ENDORSEMENTS[correction.endorsement]}`
        : `${correction.method.replace(/-/g, ' ')} ${ENDORSEMENTS[correction.endorsement]} option ${correction.option}`;
  return `First-Class Mail, ${request.serviceOption}, ${service}, ${request.tracing ? 'with' : 'without'} IV-MTR tracing`;
}

/**
 * The STID of a First-Class Mail letter for the services asked, with the
 * endorsement to print; null when the STID table has no such combination.
 */
export function firstClassStid(request: LetterServiceRequest): StidChoice | null {
  const row = FIRST_CLASS_LETTERS[correctionKey(request.correction)];
  if (!row) return null;
  const column = (request.serviceOption === 'full-service' ? 2 : 0) + (request.tracing ? 1 : 0);
  const stid = row[column];
  if (stid === undefined || stid === null) return null;
  const { correction } = request;
  if (correction.method === 'none') return { stid, endorsement: null, endorsementRequired: false };
  return {
    stid,
    endorsement: ENDORSEMENTS[correction.endorsement],
    endorsementRequired: correction.method === 'manual' || correction.method === 'traditional-acs',
  };
}

/** Why a request has no STID, in words for the admin who set it up. */
export function stidRefusal(request: LetterServiceRequest): string {
  return `The USPS Service Type ID table has no entry for ${describeRequest(request)}`;
}

/** Every STID this module can produce for a First-Class Mail letter (for tests and set-up screens). */
export function firstClassStids(): string[] {
  return Object.values(FIRST_CLASS_LETTERS).flatMap((row) => row.filter((s): s is string => s !== null));
}

/**
 * The address-correction key a distribution center stores ("none", "manual/ASR",
 * "onecode-acs/ASR/2", ...), read back into a request; null when malformed.
 */
export function parseAddressCorrection(key: string): AddressCorrection | null {
  const [method, endorsement, option] = key.split('/');
  if (method === 'none' && endorsement === undefined) return { method: 'none' };
  const isEndorsement = (value: string | undefined): value is EndorsementKind => value !== undefined && value in ENDORSEMENTS;
  if (method === 'manual' && isEndorsement(endorsement) && option === undefined) return { method: 'manual', endorsement };
  if ((method === 'onecode-acs' || method === 'full-service-acs' || method === 'traditional-acs') && isEndorsement(endorsement) && (option === '1' || option === '2')) {
    return { method, endorsement, option: option === '1' ? 1 : 2 };
  }
  return null;
}

export function addressCorrectionKey(correction: AddressCorrection): string {
  return correction.method === 'manual' ? `manual/${correction.endorsement}` : correctionKey(correction);
}
