import { z } from 'zod';
import { method } from '../method';
import { ANY_STAFF, CS_AND_UP } from '../roles';
import { AccessReasonSchema, Customer360Schema, SearchInputSchema, SearchResultSchema, ShipmentDetailSchema } from './schemas';

export const lookupMethods = {
  'lookup.search': method({
    summary: 'Find customers, shipments and titles from any handle: order number, disc barcode, email, phone, name, title.',
    input: SearchInputSchema,
    output: SearchResultSchema,
    roles: ANY_STAFF,
  }),
  'customers.get360': method({
    summary: 'Everything about one customer for a rep on the phone; every opening is audited with its reason.',
    input: z.object({ customerId: z.number().int().positive(), reason: AccessReasonSchema }).strict(),
    output: Customer360Schema,
    roles: CS_AND_UP,
  }),
  'shipments.get': method({
    summary: 'One shipment: status timeline, disc and title, the address it ships to, label events.',
    input: z.object({ shipmentId: z.number().int().positive() }).strict(),
    output: ShipmentDetailSchema,
    roles: ANY_STAFF,
  }),
} as const;
