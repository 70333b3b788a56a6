import { Migration20261122040156_initial } from './Migration20261122040156_initial.ts';
import { Migration20261122041146_billing } from './Migration20261122041146_billing.ts';
import { Migration20261122044053_progress } from './Migration20261122044053_progress.ts';
import { Migration20261201090000_billing_convergence } from './Migration20261201090000_billing_convergence.ts';
import { Migration20261201120000_change_email } from './Migration20261201120000_change_email.ts';

/**
 * Every migration, in order. Listed explicitly (not discovered by glob) so they run the
 * same under tsx, vitest and a bundled build. `npm run migration:create -- <name>` makes new ones.
 */
export const migrationsList = [
  { name: 'Migration20261122040156_initial', class: Migration20261122040156_initial },
  { name: 'Migration20261122041146_billing', class: Migration20261122041146_billing },
  { name: 'Migration20261122044053_progress', class: Migration20261122044053_progress },
  { name: 'Migration20261201090000_billing_convergence', class: Migration20261201090000_billing_convergence },
  { name: 'Migration20261201120000_change_email', class: Migration20261201120000_change_email },
];
