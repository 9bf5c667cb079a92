import { randomBytes } from 'node:crypto';
import type { CardBrand } from '../../core/payments/card';

/**
 * The payment-processor boundary: the only code that ever receives a full
 * card number, and it hands back a token. Policy: "a full card number is
 * never stored" — nothing here writes the number anywhere, and the demo
 * processor keeps no number at all, not even in memory after the call.
 */
export interface TokenizeRequest {
  cardNumber: string;
  expMonth: number;
  expYear: number;
}

export interface TokenizeResult {
  token: string;
  brand: CardBrand;
  last4: string;
}

export interface PaymentProcessor {
  tokenize(request: TokenizeRequest & { brand: CardBrand }): Promise<TokenizeResult>;
}

/** The embedded default: issues opaque tokens, the way a real processor's vault would. */
export function demoProcessor(): PaymentProcessor {
  return {
    async tokenize({ cardNumber, brand }) {
      return { token: `tok_demo_${randomBytes(12).toString('hex')}`, brand, last4: cardNumber.slice(-4) };
    },
  };
}
