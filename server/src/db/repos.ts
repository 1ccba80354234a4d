/** Builds the foundation repositories (platform, merchants, counter auth) over one database. */
import { createAccountsRepo } from './accounts.repo.ts';
import { createLocationsRepo } from './locations.repo.ts';
import type { Db } from './open.ts';
import { createPlatformRepo } from './platform.repo.ts';
import { createReadersRepo } from './readers.repo.ts';
import { createRegistersRepo } from './registers.repo.ts';
import { createSessionsRepo } from './sessions.repo.ts';
import { createStaffRepo } from './staff.repo.ts';

export function createFoundationRepos(db: Db) {
  return {
    platform: createPlatformRepo(db),
    accounts: createAccountsRepo(db),
    locations: createLocationsRepo(db),
    registers: createRegistersRepo(db),
    readers: createReadersRepo(db),
    staff: createStaffRepo(db),
    sessions: createSessionsRepo(db),
  };
}

export type FoundationRepos = ReturnType<typeof createFoundationRepos>;
