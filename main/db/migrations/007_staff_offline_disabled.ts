import type { Knex } from 'knex';

export const name = '007_staff_offline_disabled';

/**
 * When this station learned from the central office that a staff member was
 * deactivated: offline sign-in refuses them from then on, so a station cut
 * off from the central office still keeps out someone it has heard is gone.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('staff_offline', (t) => {
    t.string('disabled_at', 32).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('staff_offline', (t) => {
    t.dropColumn('disabled_at');
  });
}
