import { z } from 'zod';
import { method } from '../method';
import { ANY_STAFF } from '../roles';
import { SearchInputSchema, SearchResultSchema, ShipmentDetailSchema } from './schemas';

export const lookupMethods = {
  'lookup.search': method({
    summary: 'Find customers, shipments and titles from any handle: order number, disc barcode, email, phone, name, title.',
    input: SearchInputSchema,
    output: SearchResultSchema,
    roles: ANY_STAFF,
  }),
  'lookup.shipment': method({
    summary: 'One shipment: status timeline, disc and title, the address it ships to, label events.',
    input: z.object({ shipmentId: z.number().int().positive() }).strict(),
    output: ShipmentDetailSchema,
    roles: ANY_STAFF,
  }),
} as const;
