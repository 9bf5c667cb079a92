/**
 * A distribution center's postal set-up (issue 17): what its mailpieces
 * print and which USPS services they ask for.
 *
 * Where it lives: columns of the central `distribution_centers` row
 * (migrations 025), pulled by every station with the reference tables. A
 * site's admin sets it once, at any station of that DC, through the
 * `distributionCenter.setPostal` intent (audited, works offline, applied by
 * the central office); every packing station of the DC prints with it after
 * its next pull. Not a station setting: two stations of one DC must never
 * print different permits, STIDs or Business Reply ZIP+4s.
 */
import { z } from 'zod';
import {
  BRM_STID,
  SERVICE_OPTIONS,
  firstClassStid,
  parseAddressCorrection,
  stidRefusal,
  type LetterServiceRequest,
  type ServiceOption,
} from '../postal';
import { stateCode } from '../postal/states';
import { DistributionCenterCodeSchema } from './schemas';

const PermitNumberSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-Z-]{1,12}$/, 'A permit number is 1 to 12 digits or letters, as on the permit.');

/** The address-correction keys a DC may choose: every one the STID table knows for some service option. */
export const ADDRESS_CORRECTION_CHOICES: readonly string[] = [
  'none',
  ...['ASR', 'CSR', 'RSR', 'TRSR'].map((endorsement) => `manual/${endorsement}`),
  ...['onecode-acs', 'full-service-acs', 'traditional-acs'].flatMap((method) => ['ASR/1', 'ASR/2', 'CSR/1', 'CSR/2', 'RSR/2', 'TRSR/2'].map((service) => `${method}/${service}`)),
];

export const DcPostalSetupInputSchema = z
  .object({
    serviceName: z
      .string()
      .trim()
      .min(1, 'The service name is required: it is the first line of every sender block.')
      .max(40, 'At most 40 characters.')
      .regex(/^[\x20-\x7E]+$/, 'Use letters, digits and plain punctuation (A-Z, 0-9).'),
    permitNumber: PermitNumberSchema,
    permitCity: z
      .string()
      .trim()
      .min(2, 'The city of the Post Office that issued the permit.')
      .max(28)
      .regex(/^[A-Za-z .'-]+$/, 'Letters and spaces only.'),
    permitState: z
      .string()
      .trim()
      .toUpperCase()
      .refine((s) => /^[A-Z]{2}$/.test(s) && stateCode(s) === s, 'A two-letter state code such as CA.'),
    brmPermitNumber: PermitNumberSchema,
    brmZip: z
      .string()
      .trim()
      .regex(/^[0-9]{5}-?[0-9]{4}$/, 'The ZIP+4 USPS assigned to your Business Reply Mail, such as 95131-9901.'),
    serviceOption: z.enum(SERVICE_OPTIONS),
    addressCorrection: z.string().refine((key) => ADDRESS_CORRECTION_CHOICES.includes(key), 'Choose one of the address-correction services USPS offers.'),
    imbTracing: z.boolean(),
    brmTracing: z.boolean(),
  })
  .strict()
  .superRefine((setup, ctx) => {
    const request = serviceRequest(setup);
    if (request && !firstClassStid(request)) ctx.addIssue({ code: 'custom', path: ['addressCorrection'], message: `${stidRefusal(request)}; choose another service or option.` });
  });
export type DcPostalSetupInput = z.infer<typeof DcPostalSetupInputSchema>;

export const DcPostalSetupSchema = z.object({
  distributionCenter: DistributionCenterCodeSchema,
  /** Null until a site sets it: no label prints before then. */
  setup: z
    .object({
      serviceName: z.string(),
      permitNumber: z.string(),
      permitCity: z.string(),
      permitState: z.string(),
      brmPermitNumber: z.string(),
      brmZip: z.string(),
      serviceOption: z.enum(SERVICE_OPTIONS),
      addressCorrection: z.string(),
      imbTracing: z.boolean(),
      brmTracing: z.boolean(),
    })
    .nullable(),
  /** What letters print with this set-up: the STID table's answer. */
  letters: z.object({ stid: z.string(), endorsement: z.string().nullable(), replyStid: z.string() }).nullable(),
});
export type DcPostalSetup = z.infer<typeof DcPostalSetupSchema>;

function serviceRequest(setup: Pick<DcPostalSetupInput, 'serviceOption' | 'addressCorrection' | 'imbTracing'>): LetterServiceRequest | null {
  const correction = parseAddressCorrection(setup.addressCorrection);
  return correction ? { serviceOption: setup.serviceOption, correction, tracing: setup.imbTracing } : null;
}

/** The `distribution_centers` columns of a set-up. */
export function postalColumns(setup: DcPostalSetupInput): Record<string, string | boolean> {
  const zip = setup.brmZip.replace('-', '');
  return {
    service_name: setup.serviceName.toUpperCase(),
    permit_number: setup.permitNumber,
    permit_city: setup.permitCity.toUpperCase(),
    permit_state: setup.permitState,
    brm_permit_number: setup.brmPermitNumber,
    brm_zip5: zip.slice(0, 5),
    brm_zip4: zip.slice(5),
    imb_service_option: setup.serviceOption,
    address_correction: setup.addressCorrection,
    imb_tracing: setup.imbTracing,
    brm_tracing: setup.brmTracing,
  };
}

/** A `distribution_centers` row's set-up, as the station screen shows it. */
export function postalSetupOf(row: Record<string, unknown>): DcPostalSetup {
  const text = (key: string): string | null => (typeof row[key] === 'string' && row[key] !== '' ? (row[key] as string) : null);
  const flag = (key: string): boolean => row[key] === true || row[key] === 1;
  const serviceOption: ServiceOption = text('imb_service_option') === 'full-service' ? 'full-service' : 'basic';
  const required = ['service_name', 'permit_number', 'permit_city', 'permit_state', 'brm_permit_number', 'brm_zip5', 'brm_zip4', 'address_correction'].map(text);
  const complete = required.every((v) => v !== null);
  const setup = complete
    ? {
        serviceName: text('service_name')!,
        permitNumber: text('permit_number')!,
        permitCity: text('permit_city')!,
        permitState: text('permit_state')!,
        brmPermitNumber: text('brm_permit_number')!,
        brmZip: `${text('brm_zip5')}-${text('brm_zip4')}`,
        serviceOption,
        addressCorrection: text('address_correction')!,
        imbTracing: flag('imb_tracing'),
        brmTracing: flag('brm_tracing'),
      }
    : null;
  const request = setup ? serviceRequest(setup) : null;
  const choice = request ? firstClassStid(request) : null;
  return {
    distributionCenter: String(row.code),
    setup,
    letters: choice && setup ? { stid: choice.stid, endorsement: choice.endorsement, replyStid: setup.brmTracing ? BRM_STID.traced : BRM_STID.untraced } : null,
  };
}


const METHOD_LABELS: Readonly<Record<string, string>> = {
  manual: 'Manual notices',
  'onecode-acs': 'OneCode ACS (Basic IMb)',
  'full-service-acs': 'Full-Service ACS',
  'traditional-acs': 'Traditional ACS',
};
const ENDORSEMENT_LABELS: Readonly<Record<string, string>> = {
  ASR: 'Address Service Requested',
  CSR: 'Change Service Requested',
  RSR: 'Return Service Requested',
  TRSR: 'Temp-Return Service Requested',
};

/** An address-correction key in words, for the set-up form. */
export function describeAddressCorrection(key: string): string {
  if (key === 'none') return 'No address corrections (no endorsement printed)';
  const [method, endorsement, option] = key.split('/');
  const label = `${METHOD_LABELS[method ?? ''] ?? method}: ${ENDORSEMENT_LABELS[endorsement ?? ''] ?? endorsement}`;
  return option ? `${label}, option ${option}` : label;
}
