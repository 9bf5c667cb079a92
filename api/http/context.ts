import type { Database } from '../../platform/database';
import type { ApiConfig } from '../config';

/** What every route plugin is handed (injected, never imported as a singleton, so tests pass a temp database and a fake clock). */
export interface ApiContext {
  db: Database;
  config: ApiConfig;
  clock: () => Date;
}
