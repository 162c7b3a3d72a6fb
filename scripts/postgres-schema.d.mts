/** The PostgreSQL twin of prisma/schema.prisma's text (see postgres-schema.mjs). */
export function derivePostgresSchema(sqlite: string): string;
