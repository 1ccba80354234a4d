// The repositories' contract on both backends: an in-memory SQLite database, and a PostgreSQL database on
// the run's throwaway server; a fresh database for every test.
import { TEST_BACKENDS } from '../support/databases.ts';
import { openBackendDatabase } from './backend-databases.ts';
import { describeRepositoriesContract } from './repositories.contract.ts';

for (const backend of TEST_BACKENDS) {
  describeRepositoriesContract(backend, () => ({ backend, open: () => openBackendDatabase(backend) }));
}
