import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Phone numbers are stored in E.164. Policy: "We use your telephone number
 * only if there is an order-related issue, not for marketing purposes": the
 * number lives in `customers.phone` and no export query selects it.
 */
export function normalizePhone(input: string, defaultCountry: 'US' = 'US'): { ok: true; e164: string } | { ok: false; message: string } {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, message: 'Enter a phone number.' };
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry);
  if (!parsed || !parsed.isPossible()) return { ok: false, message: `"${trimmed.slice(0, 40)}" is not a phone number this service can call.` };
  return { ok: true, e164: parsed.number };
}

export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? (parsed.country === 'US' ? parsed.formatNational() : parsed.formatInternational()) : e164;
}
