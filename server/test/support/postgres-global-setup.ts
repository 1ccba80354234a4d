/**
 * Vitest global setup: one throwaway PostgreSQL server for the whole run (postgres-cluster.ts; about two
 * seconds to start), stopped when the run ends. Its URL reaches tests through `inject('postgresAdminUrl')`;
 * each suite makes its own database on it (databases.ts).
 */
import type { TestProject } from 'vitest/node';
import { type PostgresCluster, startPostgresCluster } from './postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}

let cluster: PostgresCluster | null = null;

export default async function setup(project: TestProject) {
  cluster = await startPostgresCluster();
  project.provide('postgresAdminUrl', cluster.adminUrl);
  return async () => {
    await cluster?.stop();
    cluster = null;
  };
}
