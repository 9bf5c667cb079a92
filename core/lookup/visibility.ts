import type { Role } from '../roles';

/**
 * Which contact fields a role may receive. Policy: "strict internal
 * guidelines ... to safeguard the privacy of your personal information from
 * unauthorized access": the warehouse packs by shipping name and address and
 * never needs an email, a phone number, a card or billing.
 */
export function maySeeContactDetails(role: Role): boolean {
  return role !== 'warehouse';
}

/** Handles a role may search by: matching a phone for a packer would disclose whose phone it is. */
export function maySearchByContact(role: Role): boolean {
  return maySeeContactDetails(role);
}

/** Personal-data fields a customer 360 opening exposes, recorded in its audit row. */
export const CUSTOMER_360_FIELDS = ['full_name', 'email', 'phone', 'address', 'card_last4', 'billing', 'rental_history', 'preferences'] as const;
