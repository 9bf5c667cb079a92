/**
 * Card checks done in the form, before anything leaves the station.
 * The full number is only ever held in memory on its way to the payment
 * processor's boundary: policy "a full card number is never stored".
 */
export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover';

export interface CardCheck {
  ok: boolean;
  brand: CardBrand | null;
  last4: string | null;
  errors: Array<{ field: 'number' | 'expiry'; message: string }>;
}

/** ISO/IEC 7812 Luhn check digit. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const BRANDS: Array<{ brand: CardBrand; prefix: RegExp; lengths: number[] }> = [
  { brand: 'amex', prefix: /^3[47]/, lengths: [15] },
  { brand: 'visa', prefix: /^4/, lengths: [13, 16, 19] },
  { brand: 'mastercard', prefix: /^(5[1-5]|2(2[2-9][1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720))/, lengths: [16] },
  { brand: 'discover', prefix: /^(6011|65|64[4-9]|622(12[6-9]|1[3-9]\d|[2-8]\d\d|9[01]\d|92[0-5]))/, lengths: [16, 19] },
];

export function cardDigits(input: string): string {
  return input.replace(/[\s-]/g, '');
}

export function detectBrand(digits: string): CardBrand | null {
  return BRANDS.find((b) => b.prefix.test(digits))?.brand ?? null;
}

export function checkCard(input: { number: string; expMonth: number; expYear: number }, now: Date): CardCheck {
  const errors: CardCheck['errors'] = [];
  const digits = cardDigits(input.number);
  const brand = detectBrand(digits);
  if (!/^\d{12,19}$/.test(digits)) errors.push({ field: 'number', message: 'A card number has 12 to 19 digits.' });
  else if (!brand) errors.push({ field: 'number', message: 'Only Visa, Mastercard, American Express and Discover are accepted.' });
  else if (!BRANDS.find((b) => b.brand === brand)!.lengths.includes(digits.length)) errors.push({ field: 'number', message: `A ${brand} number does not have ${digits.length} digits.` });
  else if (!luhnValid(digits)) errors.push({ field: 'number', message: 'This card number is mistyped (check digit does not match).' });

  const month = input.expMonth;
  const year = input.expYear < 100 ? 2000 + input.expYear : input.expYear;
  if (!Number.isInteger(month) || month < 1 || month > 12) errors.push({ field: 'expiry', message: 'Expiry month must be 1 to 12.' });
  else {
    // A card is valid through the last day of its expiry month.
    const endOfMonth = Date.UTC(year, month, 1);
    if (endOfMonth <= now.getTime()) errors.push({ field: 'expiry', message: 'This card has expired.' });
    else if (year > now.getUTCFullYear() + 20) errors.push({ field: 'expiry', message: 'Expiry year is too far in the future.' });
  }
  return { ok: errors.length === 0, brand, last4: /^\d{4,}$/.test(digits) ? digits.slice(-4) : null, errors };
}

/** How a card is shown anywhere in Backlot. */
export function maskCard(brand: string, last4: string): string {
  return `${brand.toUpperCase()} ending ${last4}`;
}
